package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func loadPolicy(t *testing.T, file string, kind Kind) *Policy {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "policy", file))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(file, kind, data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func tagged(arn string, kv ...string) Resource {
	c := Context{}
	for i := 0; i+1 < len(kv); i += 2 {
		c.Set("ssm:resourceTag/"+kv[i], kv[i+1])
		c.Set("aws:ResourceTag/"+kv[i], kv[i+1])
	}
	return Resource{ARN: arn, Context: c}
}

// seed003-production-permission-set.json (the AWS whitepaper's ProductionPermissionSet): StartSession on
// instances tagged project=Production, and TerminateSession on
// session/${aws:username}-*, which an Identity Center (SSO) session can
// never match: assumed-role sessions have no aws:username.
func TestSeed003ProductionPermissionSet(t *testing.T) {
	set := Set{Identity: []*Policy{loadPolicy(t, "seed003-production-permission-set.json", KindIdentity)}}
	session := "arn:aws:ssm:us-east-1:111122223333:session/testuser01-0a1b2c3d4e5f67890"
	tests := []struct {
		name      string
		principal string
		action    string
		resource  Resource
		want      Decision
	}{
		{"shell on a Production instance", ssoARN, "ssm:StartSession", tagged(instARN, "project", "Production"), Allowed},
		{"shell on a Development instance", ssoARN, "ssm:StartSession", tagged(instARN, "project", "Development"), ImplicitDeny},
		{"shell on an untagged instance", ssoARN, "ssm:StartSession", Resource{ARN: instARN}, ImplicitDeny},
		{"managed instance", ssoARN, "ssm:StartSession", tagged("arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0", "project", "Production"), Allowed},
		{"SSO session cannot terminate its own session", ssoARN, "ssm:TerminateSession", Resource{ARN: session}, ImplicitDeny},
		{"IAM user of the same name can", "arn:aws:iam::111122223333:user/testuser01", "ssm:TerminateSession", Resource{ARN: session}, Allowed},
		{"explicit deny on UpdateServiceSetting", ssoARN, "ssm:UpdateServiceSetting", Resource{ARN: "arn:aws:ssm:us-east-1:111122223333:servicesetting/ssm/managed-instance/activation-tier"}, ExplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := Request{Principal: tt.principal, Action: tt.action, Resources: []Resource{tt.resource}}
			if got := decide(t, req, set); got != tt.want {
				t.Errorf("decision = %s, want %s", got, tt.want)
			}
		})
	}
}

// The explanation for the SSO TerminateSession case names the variable.
func TestSeed003ExplainsUsernameVariable(t *testing.T) {
	set := Set{Identity: []*Policy{loadPolicy(t, "seed003-production-permission-set.json", KindIdentity)}}
	req := Request{Principal: ssoARN, Action: "ssm:TerminateSession",
		Resources: []Resource{{ARN: "arn:aws:ssm:us-east-1:111122223333:session/testuser01-0a1b2c"}}}
	got, err := Evaluate(req, set)
	if err != nil {
		t.Fatal(err)
	}
	want := Result{
		Decision: ImplicitDeny,
		Resources: []ResourceResult{{
			ARN:      "arn:aws:ssm:us-east-1:111122223333:session/testuser01-0a1b2c",
			Decision: ImplicitDeny,
			Reason:   "no identity-based policy allows ssm:TerminateSession (identity policy seed003-production-permission-set.json statement #4 would, but its Resource uses ${aws:username}, which has no value for this principal)",
			Matched:  []Match{},
			Fix: "the Resource of identity policy seed003-production-permission-set.json statement #4 uses ${aws:username}, which this principal lacks: " +
				`scope by owner instead, Resource "arn:aws:ssm:*:*:session/*" with Condition {"StringLike":{"ssm:resourceTag/aws:ssmmessages:session-id":"${aws:userid}"}}`,
			FailedConditions: []FailedCondition{},
		}},
		MissingContextKeys: []string{"aws:username"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("result mismatch (-want +got):\n%s", diff)
	}
}

// seed002-abac-session-manager*.json (ABAC with ${aws:PrincipalTag/...}). The published policy has a
// trailing space in "ssm:resourceTag/APP_ID ", a key no request carries, so it
// never allows; the explanation says which key is missing.
func TestSeed002ABAC(t *testing.T) {
	principalTags := func() Context {
		c := Context{}
		c.Set("aws:PrincipalTag/AppGroupName", "webserver")
		c.Set("aws:PrincipalTag/ReleaseId", "1.0")
		c.Set("aws:PrincipalTag/AppId", "ABC")
		return c
	}
	saml := "arn:aws:sts::111122223333:assumed-role/PAM-SessionManager/jdoe@example.com"
	match := tagged(instARN, "APP_GROUP_NAME", "webserver", "RELEASE_ID", "1.0", "APP_ID", "ABC")
	other := tagged(instARN, "APP_GROUP_NAME", "webserver", "RELEASE_ID", "2.0", "APP_ID", "ABC")
	tests := []struct {
		name, file string
		resource   Resource
		want       Decision
		missing    []string
	}{
		{"published policy: trailing-space key", "seed002-abac-session-manager.json", match, ImplicitDeny, []string{"ssm:resourceTag/APP_ID "}},
		{"fixed policy: tags match", "seed002-abac-session-manager-fixed.json", match, Allowed, []string{}},
		{"fixed policy: release differs", "seed002-abac-session-manager-fixed.json", other, ImplicitDeny, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := Set{Identity: []*Policy{loadPolicy(t, tt.file, KindIdentity)}}
			req := Request{Principal: saml, Action: "ssm:StartSession", Resources: []Resource{tt.resource}, Context: principalTags()}
			got, err := Evaluate(req, set)
			if err != nil {
				t.Fatal(err)
			}
			if got.Decision != tt.want {
				t.Errorf("decision = %s, want %s", got.Decision, tt.want)
			}
			if diff := cmp.Diff(tt.missing, got.MissingContextKeys); diff != "" {
				t.Errorf("missing keys (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("SSO session ends its own session by the session-id tag", func(t *testing.T) {
		set := Set{Identity: []*Policy{loadPolicy(t, "seed002-abac-session-manager-fixed.json", KindIdentity)}}
		c := Context{}
		c.Set("aws:userid", "AROAEXAMPLEID:jdoe@example.com")
		for owner, want := range map[string]Decision{"AROAEXAMPLEID:jdoe@example.com": Allowed, "AROAEXAMPLEID:other@example.com": ImplicitDeny} {
			sess := Context{}
			sess.Set("ssm:resourceTag/aws:ssmmessages:session-id", owner)
			req := Request{Principal: saml, Action: "ssm:TerminateSession", Context: c,
				Resources: []Resource{{ARN: "arn:aws:ssm:us-east-1:111122223333:session/jdoe@example.com-0a1b2c", Context: sess}}}
			if got := decide(t, req, set); got != want {
				t.Errorf("session owned by %s: decision = %s, want %s", owner, got, want)
			}
		}
	})
	t.Run("failed condition names the tag and its value", func(t *testing.T) {
		set := Set{Identity: []*Policy{loadPolicy(t, "seed002-abac-session-manager-fixed.json", KindIdentity)}}
		req := Request{Principal: saml, Action: "ssm:StartSession", Resources: []Resource{other}, Context: principalTags()}
		got, err := Evaluate(req, set)
		if err != nil {
			t.Fatal(err)
		}
		want := []FailedCondition{{
			PolicyType: KindIdentity, Policy: "seed002-abac-session-manager-fixed.json", Sid: "SSMStartSession",
			Operator: "StringEquals", Key: "ssm:resourceTag/RELEASE_ID", Values: []string{"${aws:PrincipalTag/ReleaseId}"},
			Reason: `ssm:resourceTag/RELEASE_ID is "2.0"`,
		}}
		if diff := cmp.Diff(want, got.Resources[0].FailedConditions); diff != "" {
			t.Errorf("failed conditions (-want +got):\n%s", diff)
		}
	})
}

// seed000-port-forwarding.json (the seed scenario): a permission set scoped to instances tagged ssmaccess=true and to
// the AWS-StartPortForwardingSession document, with a customer KMS key.
func TestSeed000PortForwarding(t *testing.T) {
	set := Set{Identity: []*Policy{loadPolicy(t, "seed000-port-forwarding.json", KindIdentity)}}
	sshDoc := "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession"
	tests := []struct {
		name      string
		action    string
		resources []Resource
		keyPolicy string
		want      Decision
	}{
		{"port forwarding to a tagged instance", "ssm:StartSession", []Resource{tagged(instARN, "ssmaccess", "true"), {ARN: docARN}}, "", Allowed},
		{"tag value is case-sensitive", "ssm:StartSession", []Resource{tagged(instARN, "ssmaccess", "True"), {ARN: docARN}}, "", ImplicitDeny},
		{"untagged instance", "ssm:StartSession", []Resource{{ARN: instARN}, {ARN: docARN}}, "", ImplicitDeny},
		{"SSH document is not granted", "ssm:StartSession", []Resource{tagged(instARN, "ssmaccess", "true"), {ARN: sshDoc}}, "", ImplicitDeny},
		{"KMS with the default key policy", "kms:GenerateDataKey", []Resource{{ARN: keyARN}}, "kms-key-policy-default.json", Allowed},
		{"KMS without a key policy", "kms:GenerateDataKey", []Resource{{ARN: keyARN}}, "", ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := set
			if tt.keyPolicy != "" {
				s.Resource = loadPolicy(t, tt.keyPolicy, KindResource)
			}
			req := Request{Principal: ssoARN, Action: tt.action, Resources: tt.resources}
			if got := decide(t, req, s); got != tt.want {
				t.Errorf("decision = %s, want %s", got, tt.want)
			}
		})
	}
}

// Keys AWS derives from the principal (reference_policies_variables.html#principaltable).
func TestDerivedPrincipalKeys(t *testing.T) {
	tests := []struct {
		name, principal, cond string
		want                  Decision
	}{
		{"PrincipalAccount", sessARN, `{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}`, Allowed},
		{"PrincipalArn of a session is its role", sessARN, `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/Dev"}}`, Allowed},
		{"PrincipalType AssumedRole", ssoARN, `{"StringEquals":{"aws:PrincipalType":"AssumedRole"}}`, Allowed},
		{"PrincipalType User", userARN, `{"StringEquals":{"aws:PrincipalType":"User"}}`, Allowed},
		{"username for a user", userARN, `{"StringEquals":{"aws:username":"alice"}}`, Allowed},
		{"no username for a session", sessARN, `{"Null":{"aws:username":"true"}}`, Allowed},
		{"userid of a federated user", "arn:aws:sts::111122223333:federated-user/bob", `{"StringEquals":{"aws:userid":"111122223333:bob"}}`, Allowed},
		{"PrincipalIsAWSService", userARN, `{"Bool":{"aws:PrincipalIsAWSService":"false"}}`, Allowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := allowDoc(`{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*","Condition":` + tt.cond + `}`)
			set := Set{Identity: []*Policy{mustParse(t, "p", KindIdentity, doc)},
				// Federated user sessions have no permissions without a session policy.
				Session: []*Policy{mustParse(t, "sp", KindSession, allowDoc(allowAll))}}
			req := Request{Principal: tt.principal, Action: "ssm:StartSession", Resources: []Resource{{ARN: instARN}}}
			if got := decide(t, req, set); got != tt.want {
				t.Errorf("decision = %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("request context overrides derived keys", func(t *testing.T) {
		doc := allowDoc(`{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/team/Dev"}}}`)
		set := Set{Identity: []*Policy{mustParse(t, "p", KindIdentity, doc)}}
		c := Context{}
		c.Set("aws:PrincipalArn", "arn:aws:iam::111122223333:role/team/Dev")
		req := Request{Principal: sessARN, Action: "ssm:StartSession", Resources: []Resource{{ARN: instARN}}, Context: c}
		if got := decide(t, req, set); got != Allowed {
			t.Errorf("decision = %s, want allowed", got)
		}
	})
}

// Variables resolve from derived keys too: ${aws:PrincipalAccount} names the
// caller's own bucket, ${aws:username} only exists for IAM users.
func TestVariablesFromDerivedKeys(t *testing.T) {
	doc := allowDoc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs-${aws:PrincipalAccount}/${aws:username, 'shared'}/*"}`)
	set := Set{Identity: []*Policy{mustParse(t, "p", KindIdentity, doc)}}
	tests := []struct {
		name, principal, object string
		want                    Decision
	}{
		{"user's own prefix", userARN, "arn:aws:s3:::logs-111122223333/alice/x", Allowed},
		{"session falls back to the default", sessARN, "arn:aws:s3:::logs-111122223333/shared/x", Allowed},
		{"session cannot use a user prefix", sessARN, "arn:aws:s3:::logs-111122223333/alice/x", ImplicitDeny},
		{"other account's bucket", userARN, "arn:aws:s3:::logs-444455556666/alice/x", ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := Request{Principal: tt.principal, Action: "s3:GetObject", Resources: []Resource{{ARN: tt.object}}}
			if got := decide(t, req, set); got != tt.want {
				t.Errorf("decision = %s, want %s", got, tt.want)
			}
		})
	}
}

// Identity Center roles live under /aws-reserved/sso.amazonaws.com/, which a
// session ARN does not show: the reason says so, and supplying the real
// aws:PrincipalArn decides it.
func TestSSORolePathInPrincipalArn(t *testing.T) {
	doc := allowDoc(`{"Sid":"SSOOnly","Effect":"Allow","Action":"ssm:StartSession","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*"}}}`)
	set := Set{Identity: []*Policy{mustParse(t, "p", KindIdentity, doc)}}
	req := Request{Principal: ssoARN, Action: ActionStartSession, Resources: []Resource{{ARN: instARN}}}
	res, err := Evaluate(req, set)
	if err != nil {
		t.Fatal(err)
	}
	if fc := res.Resources[0].FailedConditions; len(fc) != 1 || !strings.Contains(fc[0].Reason, "omits the role's path") {
		t.Errorf("failed conditions = %+v, want the role-path hint", fc)
	}
	req.Context = Context{}
	req.Context.Set("aws:PrincipalArn", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ProductionPermissionSet_0123456789abcdef")
	if got := decide(t, req, set); got != Allowed {
		t.Errorf("with the real aws:PrincipalArn: decision = %s, want allowed", got)
	}
}
