package policy

import "testing"

// aws:ResourceAccount comes from the resource ARN's account field, so the
// common data-perimeter guard does not deny a request inside the account; an
// ARN without an account (S3, AWS-owned documents) leaves the key to the
// request (reference_policies_condition-keys.html#condition-keys-resourceaccount).
func TestResourceAccountFromARN(t *testing.T) {
	perimeter := `{"Sid":"Perimeter","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}}}`
	allow := `{"Effect":"Allow","Action":"*","Resource":"*"}`
	runEvalCases(t, []evalCase{
		{name: "instance in the caller's account", identity: []string{allow, perimeter}, principal: ssoARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "key in another account", identity: []string{allow, perimeter}, principal: ssoARN, action: "kms:Decrypt",
			resources: []string{"arn:aws:kms:us-east-1:444455556666:key/k"}, resource: `{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}`, want: ExplicitDeny},
		{name: "S3 object: no account in the ARN, key absent", identity: []string{allow, perimeter}, principal: ssoARN, action: "s3:GetObject", resources: []string{bucketARN + "/k"}, want: ExplicitDeny},
		{name: "S3 object: the request supplies it", identity: []string{allow, perimeter}, principal: ssoARN, action: "s3:GetObject", resources: []string{bucketARN + "/k"},
			context: `{"aws:ResourceAccount":"111122223333"}`, want: Allowed},
	})
}
