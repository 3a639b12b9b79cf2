package policy

import "testing"

// Statement snippets reused across the cases below.
const (
	allowSSM       = `{"Effect":"Allow","Action":"ssm:*","Resource":"*"}`
	allowStart     = `{"Sid":"Start","Effect":"Allow","Action":"ssm:StartSession","Resource":"*"}`
	denyStart      = `{"Sid":"NoStart","Effect":"Deny","Action":"ssm:StartSession","Resource":"*"}`
	allowEC2       = `{"Effect":"Allow","Action":"ec2:*","Resource":"*"}`
	allowAll       = `{"Effect":"Allow","Action":"*","Resource":"*"}`
	allowS3ForUser = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"*"}`
)

type evalCase struct {
	name       string
	identity   []string // statements, one policy each
	boundary   string
	session    string
	resource   string
	scps, rcps [][]string
	principal  string
	action     string
	resources  []string
	context    string // request context as a JSON object, optional
	want       Decision
}

func (c evalCase) build(t *testing.T) (Request, Set) {
	t.Helper()
	var set Set
	for _, s := range c.identity {
		set.Identity = append(set.Identity, mustParse(t, "id", KindIdentity, allowDoc(s)))
	}
	if c.boundary != "" {
		set.Boundaries = []*Policy{mustParse(t, "pb", KindBoundary, allowDoc(c.boundary))}
	}
	if c.session != "" {
		set.Session = []*Policy{mustParse(t, "sp", KindSession, allowDoc(c.session))}
	}
	if c.resource != "" {
		set.Resource = mustParse(t, "rp", KindResource, allowDoc(c.resource))
	}
	for _, lvl := range c.scps {
		var ps []*Policy
		for _, s := range lvl {
			ps = append(ps, mustParse(t, "scp", KindSCP, allowDoc(s)))
		}
		set.SCPs = append(set.SCPs, ps)
	}
	for _, lvl := range c.rcps {
		var ps []*Policy
		for _, s := range lvl {
			ps = append(ps, mustParse(t, "rcp", KindRCP, allowDoc(s)))
		}
		set.RCPs = append(set.RCPs, ps)
	}
	req := Request{Principal: c.principal, Action: c.action, Context: ctx(t, c.context)}
	for _, r := range c.resources {
		req.Resources = append(req.Resources, Resource{ARN: r})
	}
	return req, set
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, set := c.build(t)
			res, err := Evaluate(req, set)
			if err != nil {
				t.Fatal(err)
			}
			if res.Decision != c.want {
				t.Errorf("decision = %s, want %s (%+v)", res.Decision, c.want, res.Resources)
			}
		})
	}
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
func TestEvaluateIdentityAndLimits(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "identity allow", identity: []string{allowStart}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "no policy: implicit deny", principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "action names are case-insensitive", identity: []string{`{"Effect":"Allow","Action":"SSM:startsession","Resource":"*"}`}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "other action: implicit deny", identity: []string{allowEC2}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "explicit deny beats allow", identity: []string{allowSSM, denyStart}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ExplicitDeny},
		{name: "deny in another policy still wins", identity: []string{allowSSM + "," + allowEC2, denyStart}, principal: userARN, action: "ssm:StartSession", resources: []string{instARN}, want: ExplicitDeny},
		{name: "NotAction allows the rest", identity: []string{`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`}, principal: userARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "NotAction excludes", identity: []string{`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`}, principal: userARN, action: "iam:CreateUser", resources: []string{"*"}, want: ImplicitDeny},
		{name: "Deny NotResource hits other resources", identity: []string{allowSSM, `{"Effect":"Deny","Action":"ssm:StartSession","NotResource":"arn:aws:ec2:*:*:instance/i-0aaaaaaaaaaaaaaaa"}`}, principal: userARN, action: "ssm:StartSession", resources: []string{instARN}, want: ExplicitDeny},
		{name: "Deny NotResource spares its resource", identity: []string{allowSSM, `{"Effect":"Deny","Action":"ssm:StartSession","NotResource":"` + instARN + `"}`}, principal: userARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "boundary allows too", identity: []string{allowSSM}, boundary: allowSSM, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "boundary lacks the action", identity: []string{allowSSM}, boundary: allowEC2, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "boundary alone grants nothing", boundary: allowSSM, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "boundary deny", identity: []string{allowSSM}, boundary: allowSSM + "," + denyStart, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ExplicitDeny},
		{name: "session policy allows", identity: []string{allowSSM}, session: allowStart, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "session policy lacks the action", identity: []string{allowSSM}, session: allowEC2, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "session policy alone grants nothing", session: allowSSM, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "every resource must be allowed", identity: []string{`{"Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ec2:*:*:instance/*"}`}, principal: ssoARN, action: "ssm:StartSession", resources: []string{instARN, docARN}, want: ImplicitDeny},
		{name: "instance and document allowed", identity: []string{`{"Effect":"Allow","Action":"ssm:StartSession","Resource":["arn:aws:ec2:*:*:instance/*","arn:aws:ssm:*::document/AWS-StartPortForwardingSession"]}`}, principal: ssoARN, action: "ssm:StartSession", resources: []string{instARN, docARN}, want: Allowed},
		{name: "unknown principal: identity policies alone", identity: []string{allowStart}, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "root has full access in its account", principal: "arn:aws:iam::111122223333:root", action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "root is still bound by SCP denies", principal: "arn:aws:iam::111122223333:root", scps: [][]string{{allowAll, denyStart}}, action: "ssm:StartSession", resources: []string{instARN}, want: ExplicitDeny},
	})
}

// SCPs: "If the enforcement code does not find any applicable Allow statements
// in the SCPs, then the request is implicitly denied"; every level must allow.
func TestEvaluateOrganizationPolicies(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "all levels allow", identity: []string{allowSSM}, scps: [][]string{{allowAll}, {allowSSM}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "OU level lacks ssm", identity: []string{allowSSM}, scps: [][]string{{allowAll}, {allowEC2}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "a level with no policies allows nothing", identity: []string{allowSSM}, scps: [][]string{{allowAll}, {}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "SCP allow alone grants nothing", scps: [][]string{{allowAll}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "SCP deny", identity: []string{allowSSM}, scps: [][]string{{allowAll, denyStart}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ExplicitDeny},
		{name: "RCP levels allow", identity: []string{allowSSM}, rcps: [][]string{{`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		// RCPFullAWSAccess is attached to every level and cannot be detached
		// (AWS Organizations User Guide, orgs_manage_policies_rcps_evaluation.html):
		// an RCP level never denies implicitly, found by scripts/iamdiff.
		{name: "RCP without the action still passes", identity: []string{allowSSM}, rcps: [][]string{{`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "RCP level with no policies passes", identity: []string{allowSSM}, rcps: [][]string{{}, {}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "RCP deny alone denies", identity: []string{allowSSM}, rcps: [][]string{{`{"Effect":"Deny","Principal":"*","Action":"ssm:StartSession","Resource":"*"}`}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ExplicitDeny},
		{name: "RCP deny with condition on the org", identity: []string{allowSSM}, rcps: [][]string{{allowAll, `{"Effect":"Deny","Principal":"*","Action":"ssm:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-123"}}}`}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ExplicitDeny},
	})
}

// Same-account resource-based policies and the principal named in them:
// reference_policies_evaluation-logic.html ("Resource-based policies and
// implicit denies in other policy types (same account)").
func TestEvaluateResourcePolicies(t *testing.T) {
	get := "s3:GetObject"
	obj := bucketARN + "/report.csv"
	runEvalCases(t, []evalCase{
		{name: "user named: no identity policy needed", resource: allowS3ForUser, principal: userARN, action: get, resources: []string{obj}, want: Allowed},
		{name: "user named: boundary implicit deny does not limit", resource: allowS3ForUser, boundary: allowEC2, principal: userARN, action: get, resources: []string{obj}, want: Allowed},
		{name: "other user named", resource: allowS3ForUser, principal: "arn:aws:iam::111122223333:user/bob", action: get, resources: []string{obj}, want: ImplicitDeny},
		{name: "role named, session asks, no limits", resource: `{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"s3:GetObject","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: Allowed},
		{name: "role named with a path", resource: `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/team/Dev"},"Action":"s3:GetObject","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: Allowed},
		{name: "role named: boundary limits", resource: `{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"s3:GetObject","Resource":"*"}`, boundary: allowEC2, principal: sessARN, action: get, resources: []string{obj}, want: ImplicitDeny},
		{name: "role named: session policy limits", resource: `{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"s3:GetObject","Resource":"*"}`, session: allowEC2, principal: sessARN, action: get, resources: []string{obj}, want: ImplicitDeny},
		{name: "session named: boundary does not limit", resource: `{"Effect":"Allow","Principal":{"AWS":"` + sessARN + `"},"Action":"s3:GetObject","Resource":"*"}`, boundary: allowEC2, session: allowEC2, principal: sessARN, action: get, resources: []string{obj}, want: Allowed},
		{name: "federating user named: session policy limits", resource: `{"Effect":"Allow","Principal":{"AWS":"` + userARN + `"},"Action":"s3:GetObject","Resource":"*"}`, session: allowEC2, principal: "arn:aws:sts::111122223333:federated-user/alice", action: get, resources: []string{obj}, want: ImplicitDeny},
		{name: "account named: identity must allow", resource: `{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: ImplicitDeny},
		{name: "account named and identity allows", resource: `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*"}`, identity: []string{`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`}, principal: sessARN, action: get, resources: []string{obj}, want: Allowed},
		{name: "identity alone suffices in the same account", identity: []string{`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`}, resource: `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/bob"},"Action":"s3:GetObject","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: Allowed},
		{name: "resource policy deny on the role", identity: []string{`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`}, resource: `{"Effect":"Deny","Principal":{"AWS":"` + roleARN + `"},"Action":"s3:*","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: ExplicitDeny},
		{name: "resource policy deny on the account", identity: []string{`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`}, resource: `{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: ExplicitDeny},
		{name: "Deny NotPrincipal spares the named role", identity: []string{`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`}, resource: `{"Effect":"Deny","NotPrincipal":{"AWS":["` + roleARN + `","111122223333"]},"Action":"s3:*","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: Allowed},
		{name: "Deny NotPrincipal hits others", identity: []string{`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`}, resource: `{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/Admin"},"Action":"s3:*","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: ExplicitDeny},
		// access_policies_boundaries.html: NotPrincipal+Deny "will always deny any IAM principal that has a permissions boundary policy attached".
		{name: "Deny NotPrincipal always hits principals with a boundary", identity: []string{`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`}, boundary: allowAll, resource: `{"Effect":"Deny","NotPrincipal":{"AWS":["` + roleARN + `","111122223333"]},"Action":"s3:*","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: ExplicitDeny},
		{name: "wildcard principal", resource: `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`, principal: sessARN, action: get, resources: []string{obj}, want: Allowed},
		{name: "service principal allowed by resource policy", resource: `{"Effect":"Allow","Principal":{"Service":"logs.amazonaws.com"},"Action":"s3:GetObject","Resource":"*"}`, principal: "logs.amazonaws.com", action: get, resources: []string{obj}, want: Allowed},
		{name: "service principal without resource policy", identity: []string{allowAll}, principal: "logs.amazonaws.com", action: get, resources: []string{obj}, want: ImplicitDeny},
	})
}

// reference_policies_evaluation-logic-cross-account.html: both sides must allow.
func TestEvaluateCrossAccount(t *testing.T) {
	other := "arn:aws:sqs:us-east-1:444455556666:queue1"
	allowSQS := `{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}`
	runEvalCases(t, []evalCase{
		{name: "identity only: denied", identity: []string{allowSQS}, principal: sessARN, action: "sqs:SendMessage", resources: []string{other}, want: ImplicitDeny},
		{name: "resource only: denied", resource: `{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"sqs:SendMessage","Resource":"*"}`, principal: sessARN, action: "sqs:SendMessage", resources: []string{other}, want: ImplicitDeny},
		{name: "both allow", identity: []string{allowSQS}, resource: `{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sqs:SendMessage","Resource":"*"}`, principal: sessARN, action: "sqs:SendMessage", resources: []string{other}, want: Allowed},
		{name: "both allow, boundary does not", identity: []string{allowSQS}, boundary: allowEC2, resource: `{"Effect":"Allow","Principal":{"AWS":"` + sessARN + `"},"Action":"sqs:SendMessage","Resource":"*"}`, principal: sessARN, action: "sqs:SendMessage", resources: []string{other}, want: ImplicitDeny},
		{name: "resource policy names another account", identity: []string{allowSQS}, resource: `{"Effect":"Allow","Principal":{"AWS":"999988887777"},"Action":"sqs:SendMessage","Resource":"*"}`, principal: sessARN, action: "sqs:SendMessage", resources: []string{other}, want: ImplicitDeny},
		{name: "AWS-owned document is not cross-account", identity: []string{allowStart}, principal: sessARN, action: "ssm:StartSession", resources: []string{docARN}, want: Allowed},
	})
}

// KMS key policies: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
func TestEvaluateKMSKeyPolicies(t *testing.T) {
	allowKMS := `{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"*"}`
	enableIAM := `{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`
	grantRole := `{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"kms:Decrypt","Resource":"*"}`
	runEvalCases(t, []evalCase{
		{name: "root principal enables IAM policies", identity: []string{allowKMS}, resource: enableIAM, principal: sessARN, action: "kms:Decrypt", resources: []string{keyARN}, want: Allowed},
		{name: "IAM enabled but identity lacks kms", identity: []string{allowSSM}, resource: enableIAM, principal: sessARN, action: "kms:Decrypt", resources: []string{keyARN}, want: ImplicitDeny},
		{name: "IAM policy alone is not enough", identity: []string{allowKMS}, resource: grantRole, principal: "arn:aws:sts::111122223333:assumed-role/Other/x", action: "kms:Decrypt", resources: []string{keyARN}, want: ImplicitDeny},
		{name: "no key policy given", identity: []string{allowKMS}, principal: sessARN, action: "kms:Decrypt", resources: []string{keyARN}, want: ImplicitDeny},
		{name: "key policy names the role", resource: grantRole, principal: sessARN, action: "kms:Decrypt", resources: []string{keyARN}, want: Allowed},
		{name: "key policy names the role, boundary limits", resource: grantRole, boundary: allowSSM, principal: sessARN, action: "kms:Decrypt", resources: []string{keyARN}, want: ImplicitDeny},
		{name: "key policy names the session, boundary does not limit", resource: `{"Effect":"Allow","Principal":{"AWS":"` + sessARN + `"},"Action":"kms:Decrypt","Resource":"*"}`, boundary: allowSSM, principal: sessARN, action: "kms:Decrypt", resources: []string{keyARN}, want: Allowed},
		{name: "root user needs the key policy too", principal: "arn:aws:iam::111122223333:root", resource: grantRole, action: "kms:Decrypt", resources: []string{keyARN}, want: ImplicitDeny},
		{name: "root user with IAM enabled", principal: "arn:aws:iam::111122223333:root", resource: enableIAM, action: "kms:Decrypt", resources: []string{keyARN}, want: Allowed},
		{name: "cross-account key: both sides", identity: []string{allowKMS}, resource: `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:Decrypt","Resource":"*"}`, principal: sessARN, action: "kms:Decrypt", resources: []string{"arn:aws:kms:us-east-1:444455556666:key/k1"}, want: Allowed},
	})
}

func TestEvaluateRejectsBadRequests(t *testing.T) {
	set := Set{Identity: []*Policy{mustParse(t, "id", KindIdentity, allowDoc(allowAll))}}
	tests := []struct {
		name string
		req  Request
	}{
		{"bad principal", Request{Principal: "alice", Action: "ssm:StartSession", Resources: []Resource{{ARN: instARN}}}},
		{"principal with short account", Request{Principal: "arn:aws:iam::1234:user/a", Action: "ssm:StartSession", Resources: []Resource{{ARN: instARN}}}},
		{"action without service", Request{Principal: userARN, Action: "StartSession", Resources: []Resource{{ARN: instARN}}}},
		{"action with wildcard", Request{Principal: userARN, Action: "ssm:*", Resources: []Resource{{ARN: instARN}}}},
		{"bad resource", Request{Principal: userARN, Action: "ssm:StartSession", Resources: []Resource{{ARN: "i-0123"}}}},
		{"no resource", Request{Principal: userARN, Action: "ssm:StartSession"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Evaluate(tt.req, set); err == nil {
				t.Error("Evaluate accepted a malformed request")
			}
		})
	}
}

// Role trust policies must allow the caller even in the same account;
// GetCallerIdentity needs no permission at all.
func TestEvaluateSTS(t *testing.T) {
	target := "arn:aws:iam::111122223333:role/Target"
	allowAssume := `{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}`
	runEvalCases(t, []evalCase{
		{name: "trust policy names the caller's role", resource: `{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"sts:AssumeRole"}`, principal: sessARN, action: "sts:AssumeRole", resources: []string{target}, want: Allowed},
		{name: "trust policy names the account, identity allows", identity: []string{allowAssume}, resource: `{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}`, principal: sessARN, action: "sts:AssumeRole", resources: []string{target}, want: Allowed},
		{name: "trust policy names the account, identity silent", resource: `{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}`, principal: sessARN, action: "sts:AssumeRole", resources: []string{target}, want: ImplicitDeny},
		{name: "identity allows, trust policy names someone else", identity: []string{allowAssume}, resource: `{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`, principal: sessARN, action: "sts:AssumeRole", resources: []string{target}, want: ImplicitDeny},
		{name: "GetCallerIdentity despite an explicit deny", identity: []string{`{"Effect":"Deny","Action":"*","Resource":"*"}`}, principal: sessARN, action: "sts:GetCallerIdentity", resources: []string{"*"}, want: Allowed},
	})
}

// S3 bucket ARNs carry no account: aws:ResourceAccount says who owns it.
func TestEvaluateResourceAccountKey(t *testing.T) {
	set := Set{Identity: []*Policy{mustParse(t, "id", KindIdentity, allowDoc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`))}}
	for _, tt := range []struct {
		owner string
		want  Decision
	}{{"", Allowed}, {acct, Allowed}, {otherAcct, ImplicitDeny}} {
		t.Run("owner "+tt.owner, func(t *testing.T) {
			c := Context{}
			if tt.owner != "" {
				c.Set("aws:ResourceAccount", tt.owner)
			}
			req := Request{Principal: sessARN, Action: "s3:GetObject", Resources: []Resource{{ARN: bucketARN + "/k", Context: c}}}
			if got := decide(t, req, set); got != tt.want {
				t.Errorf("decision = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestEvaluateRoleARNCaller(t *testing.T) {
	rp := `{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"s3:GetObject","Resource":"*"}`
	runEvalCases(t, []evalCase{
		{name: "role named, no limits", resource: rp, principal: roleARN, action: "s3:GetObject", resources: []string{bucketARN}, want: Allowed},
		{name: "role named, boundary limits", resource: rp, boundary: allowEC2, principal: roleARN, action: "s3:GetObject", resources: []string{bucketARN}, want: ImplicitDeny},
	})
}

// Session policies apply to sessions only; a federated user session needs one.
func TestEvaluateSessionPolicyScope(t *testing.T) {
	fed := "arn:aws:sts::111122223333:federated-user/bob"
	runEvalCases(t, []evalCase{
		{name: "IAM user: a session policy does not apply", identity: []string{allowSSM}, session: allowEC2, principal: userARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "IAM user: not even its denies", identity: []string{allowSSM}, session: denyStart, principal: userARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "federated user without a session policy", identity: []string{allowSSM}, principal: fed, action: "ssm:StartSession", resources: []string{instARN}, want: ImplicitDeny},
		{name: "federated user with a session policy", identity: []string{allowSSM}, session: allowStart, principal: fed, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "role session without a session policy", identity: []string{allowSSM}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "federated user named directly by a resource policy", resource: `{"Effect":"Allow","Principal":{"AWS":"` + fed + `"},"Action":"s3:GetObject","Resource":"*"}`, principal: fed, action: "s3:GetObject", resources: []string{bucketARN}, want: Allowed},
	})
}

func TestServiceLinkedRolesIgnoreOrganizationPolicies(t *testing.T) {
	slr := "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAmazonSSM/ssm-session"
	runEvalCases(t, []evalCase{
		{name: "SCP deny does not reach a service-linked role", identity: []string{allowSSM}, scps: [][]string{{allowAll, denyStart}}, principal: slr, action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "nor does an RCP deny", identity: []string{allowSSM}, rcps: [][]string{{`{"Effect":"Deny","Principal":"*","Action":"ssm:*","Resource":"*"}`}}, principal: "arn:aws:iam::111122223333:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM", action: "ssm:StartSession", resources: []string{instARN}, want: Allowed},
		{name: "an ordinary role is bound by them", identity: []string{allowSSM}, scps: [][]string{{allowAll, denyStart}}, principal: sessARN, action: "ssm:StartSession", resources: []string{instARN}, want: ExplicitDeny},
	})
}

func TestServicePrincipalsAndOrganizationPolicies(t *testing.T) {
	rp := `{"Effect":"Allow","Principal":{"Service":"logs.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"}`
	runEvalCases(t, []evalCase{
		{name: "SCPs do not restrict a service", resource: rp, scps: [][]string{{allowEC2}}, principal: "logs.amazonaws.com", action: "s3:PutObject", resources: []string{bucketARN + "/k"}, want: Allowed},
		{name: "RCPs do", resource: rp, rcps: [][]string{{`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}`}}, principal: "logs.amazonaws.com", action: "s3:PutObject", resources: []string{bucketARN + "/k"}, want: ExplicitDeny},
	})
}
