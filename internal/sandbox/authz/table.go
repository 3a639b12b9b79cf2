package authz

// rules maps service:Operation (the CLI's service name) to its IAM authorization, after the
// Service Authorization Reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
// Operations not listed (and not EC2 Describe*) are refused as unmapped.
var rules = map[string]rule{}

func init() {
	add := func(r rule, ops ...string) {
		for _, op := range ops {
			rules[op] = r
		}
	}
	star := rule{}

	// STS: GetCallerIdentity needs no permission and cannot be denied; the web identity and
	// SAML calls are unsigned (the role's trust policy decides them, which moto does not check).
	add(rule{noAuth: true}, "sts:GetCallerIdentity", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML")
	add(rule{res: assumedRole}, "sts:AssumeRole")
	add(star, "sts:GetAccessKeyInfo", "sts:GetSessionToken")

	// IAM (a global service: ARNs have no region).
	add(rule{res: iamRole("RoleName")}, "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
		"iam:ListRoleTags", "iam:ListInstanceProfilesForRole")
	add(rule{res: iamUser("UserName")}, "iam:GetUser", "iam:GetUserPolicy", "iam:ListUserPolicies", "iam:ListAttachedUserPolicies",
		"iam:ListGroupsForUser", "iam:ListUserTags", "iam:ListAccessKeys", "iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListSSHPublicKeys")
	add(rule{res: iamNamed("group", "GroupName")}, "iam:GetGroup", "iam:GetGroupPolicy", "iam:ListGroupPolicies", "iam:ListAttachedGroupPolicies")
	add(rule{res: iamNamed("instance-profile", "InstanceProfileName")}, "iam:GetInstanceProfile", "iam:ListInstanceProfileTags")
	add(rule{res: iamPolicy}, "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListEntitiesForPolicy", "iam:ListPolicyTags")
	add(rule{res: param("PolicySourceArn")}, "iam:SimulatePrincipalPolicy", "iam:GetContextKeysForPrincipalPolicy")
	add(rule{res: param("SAMLProviderArn")}, "iam:GetSAMLProvider")
	add(rule{res: param("OpenIDConnectProviderArn")}, "iam:GetOpenIDConnectProvider")
	add(star, "iam:ListAccountAliases", "iam:ListRoles", "iam:ListUsers", "iam:ListGroups", "iam:ListPolicies", "iam:ListInstanceProfiles",
		"iam:GetAccountAuthorizationDetails", "iam:GetAccountSummary", "iam:GetAccountPasswordPolicy", "iam:ListSAMLProviders",
		"iam:ListOpenIDConnectProviders", "iam:SimulateCustomPolicy", "iam:GetContextKeysForCustomPolicy", "iam:GetCredentialReport")

	// Systems Manager: the node, session and connection reads have no resource-level permissions.
	add(star, "ssm:DescribeInstanceInformation", "ssm:DescribeInstanceProperties", "ssm:DescribeSessions", "ssm:GetConnectionStatus",
		"ssm:ListDocuments", "ssm:DescribeParameters", "ssm:GetInventory", "ssm:ListAssociations", "ssm:ListCommands",
		"ssm:ListCommandInvocations", "ssm:ListTagsForResource")
	add(rule{res: arnOf(ssmSetting)}, "ssm:GetServiceSetting")
	add(rule{res: arnOf(ssmDocument)}, "ssm:GetDocument", "ssm:DescribeDocument", "ssm:DescribeDocumentPermission", "ssm:ListDocumentVersions")
	add(rule{res: arnOf(ssmParameter)}, "ssm:GetParameter", "ssm:GetParameterHistory")

	// KMS: key actions on the key ARN, where the key policy must allow; account-level ones on "*".
	add(rule{res: kmsKey("KeyId")}, "kms:DescribeKey", "kms:GetKeyPolicy", "kms:ListGrants", "kms:ListKeyPolicies",
		"kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:GetPublicKey")
	add(rule{res: kmsAccount}, "kms:ListAliases", "kms:ListKeys", "kms:ListRetirableGrants")

	// CloudWatch Logs.
	add(rule{res: logGroup("")}, "logs:DescribeLogGroups")
	add(rule{res: logGroup("logGroupName")}, "logs:DescribeLogStreams", "logs:DescribeSubscriptionFilters", "logs:DescribeMetricFilters", "logs:ListTagsLogGroup")
	add(rule{res: logGroup("logGroupIdentifier")}, "logs:GetDataProtectionPolicy")
	add(rule{res: param("resourceArn")}, "logs:ListTagsForResource")
	add(star, "logs:DescribeResourcePolicies", "logs:DescribeDestinations", "logs:DescribeQueryDefinitions")

	// S3: several operations are authorized by an action of another name.
	add(rule{action: "s3:ListAllMyBuckets"}, "s3:ListBuckets")
	add(rule{action: "s3:ListBucket", res: s3Bucket}, "s3:HeadBucket", "s3:ListObjects", "s3:ListObjectsV2")
	add(rule{action: "s3:GetEncryptionConfiguration", res: s3Bucket}, "s3:GetBucketEncryption")
	add(rule{action: "s3:GetBucketPublicAccessBlock", res: s3Bucket}, "s3:GetPublicAccessBlock")
	add(rule{action: "s3:GetLifecycleConfiguration", res: s3Bucket}, "s3:GetBucketLifecycleConfiguration")
	add(rule{action: "s3:GetBucketNotification", res: s3Bucket}, "s3:GetBucketNotificationConfiguration")
	add(rule{res: s3Bucket}, "s3:GetBucketPolicy", "s3:GetBucketLocation", "s3:GetBucketAcl", "s3:GetBucketVersioning",
		"s3:GetBucketLogging", "s3:GetBucketTagging", "s3:GetBucketOwnershipControls", "s3:GetBucketPolicyStatus")
	add(rule{action: "s3:GetObject", res: s3Object}, "s3:GetObject", "s3:HeadObject")
	add(rule{res: s3Object}, "s3:GetObjectTagging")

	// Organizations.
	add(star, "organizations:DescribeOrganization", "organizations:ListRoots", "organizations:ListAccounts",
		"organizations:ListDelegatedAdministrators", "organizations:ListAWSServiceAccessForOrganization", "organizations:DescribeEffectivePolicy")
	add(rule{keys: policyType}, "organizations:ListPolicies")
	add(rule{res: orgTarget("AccountId")}, "organizations:DescribeAccount", "organizations:ListDelegatedServicesForAccount")
	add(rule{res: orgTarget("OrganizationalUnitId")}, "organizations:DescribeOrganizationalUnit")
	add(rule{res: orgTarget("PolicyId")}, "organizations:DescribePolicy", "organizations:ListTargetsForPolicy")
	add(rule{res: orgTarget("ChildId")}, "organizations:ListParents")
	add(rule{res: orgTarget("ParentId")}, "organizations:ListChildren", "organizations:ListOrganizationalUnitsForParent", "organizations:ListAccountsForParent")
	add(rule{res: orgTarget("TargetId"), keys: policyType}, "organizations:ListPoliciesForTarget")
	add(rule{res: orgTarget("ResourceId")}, "organizations:ListTagsForResource")

	// IAM Identity Center (IAM prefix sso) and its identity store.
	add(star, "sso-admin:ListInstances")
	add(rule{res: ssoInstance}, "sso-admin:ListPermissionSets", "sso-admin:DescribeInstance", "sso-admin:ListAccountAssignmentsForPrincipal",
		"sso-admin:DescribeInstanceAccessControlAttributeConfiguration")
	add(rule{res: all(ssoInstance, ssoPermissionSet)}, "sso-admin:DescribePermissionSet", "sso-admin:GetInlinePolicyForPermissionSet",
		"sso-admin:ListManagedPoliciesInPermissionSet", "sso-admin:ListCustomerManagedPolicyReferencesInPermissionSet",
		"sso-admin:GetPermissionsBoundaryForPermissionSet", "sso-admin:ListAccountsForProvisionedPermissionSet",
		"sso-admin:DescribePermissionSetProvisioningStatus")
	add(rule{res: all(ssoInstance, ssoPermissionSet, ssoAccount)}, "sso-admin:ListAccountAssignments")
	add(rule{res: all(ssoInstance, ssoAccount)}, "sso-admin:ListPermissionSetsProvisionedToAccount")
	add(rule{res: param("ResourceArn")}, "sso-admin:ListTagsForResource")
	add(rule{res: identityStoreEntity("user", "UserId")}, "identitystore:DescribeUser")
	add(rule{res: identityStoreEntity("group", "GroupId")}, "identitystore:DescribeGroup", "identitystore:ListGroupMemberships")
	add(rule{res: identityStoreEntity("membership", "MembershipId")}, "identitystore:DescribeGroupMembership")
	add(rule{res: identityStore}, "identitystore:ListUsers", "identitystore:ListGroups", "identitystore:GetUserId", "identitystore:GetGroupId",
		"identitystore:GetGroupMembershipId", "identitystore:IsMemberInGroups", "identitystore:ListGroupMembershipsForMember")
}
