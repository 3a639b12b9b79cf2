package policy

import (
	"strings"
	"testing"
)

// Every implicit or explicit deny says what to change, in words and commands
// a person can act on (printed, never applied).
func TestFixes(t *testing.T) {
	tagged := `{"Sid":"Tagged","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"ssm:resourceTag/ssmaccess":"true"}}}`
	mi := "arn:aws:ssm:eu-west-1:111122223333:managed-instance/mi-0123456789abcdef0"
	tests := []struct {
		name     string
		c        evalCase
		resource Resource
		want     string
	}{
		{"untagged instance: tag it", evalCase{identity: []string{tagged}, principal: ssoARN, action: "ssm:StartSession"}, Resource{ARN: instARN},
			"tag the instance: aws ec2 create-tags --region us-east-1 --resources i-0123456789abcdef0 --tags Key=ssmaccess,Value=true"},
		{"untagged managed instance", evalCase{identity: []string{strings.Replace(tagged, "arn:aws:ec2:*:*:instance/*", "*", 1)}, principal: ssoARN, action: "ssm:StartSession"}, Resource{ARN: mi},
			"tag the managed instance: aws ssm add-tags-to-resource --region eu-west-1 --resource-type ManagedInstance --resource-id mi-0123456789abcdef0 --tags Key=ssmaccess,Value=true"},
		{"nothing allows: the statement to add", evalCase{identity: []string{allowEC2}, principal: ssoARN, action: "ssm:StartSession"}, Resource{ARN: docARN},
			`add to an identity-based policy (for Identity Center, the permission set): {"Effect":"Allow","Action":"ssm:StartSession","Resource":"` + docARN + `"}`},
		{"explicit deny: narrow it", evalCase{identity: []string{allowSSM, denyStart}, principal: ssoARN, action: "ssm:StartSession"}, Resource{ARN: instARN},
			"remove or narrow identity policy id statement NoStart: it denies ssm:StartSession on this resource"},
		{"SCP level", evalCase{identity: []string{allowSSM}, scps: [][]string{{allowAll}, {allowEC2}}, principal: ssoARN, action: "ssm:StartSession"}, Resource{ARN: instARN},
			"allow ssm:StartSession in an SCP at level 1 (scp)"},
		{"boundary", evalCase{identity: []string{allowSSM}, boundary: allowEC2, principal: sessARN, action: "ssm:StartSession"}, Resource{ARN: instARN},
			"allow ssm:StartSession on this resource in the permissions boundary"},
		{"key policy", evalCase{identity: []string{allowAll}, resource: `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Other"},"Action":"kms:*","Resource":"*"}`, principal: sessARN, action: "kms:Decrypt"}, Resource{ARN: keyARN},
			`enable IAM policies in the key policy ({"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}) and allow kms:Decrypt in the caller's identity-based policy`},
		{"cross-account", evalCase{identity: []string{allowAll}, principal: sessARN, action: "sqs:SendMessage"}, Resource{ARN: "arn:aws:sqs:us-east-1:444455556666:q"},
			`add to the resource policy in the resource's account: {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Dev"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:444455556666:q"}, and allow it in the caller's identity-based policy too`},
		{"allowed: no fix", evalCase{identity: []string{allowSSM}, principal: ssoARN, action: "ssm:StartSession"}, Resource{ARN: instARN}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, set := tt.c.build(t)
			req.Resources = []Resource{tt.resource}
			res, err := Evaluate(req, set)
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Resources[0].Fix; got != tt.want {
				t.Errorf("fix =\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}

// seed002-abac-session-manager.json tests "ssm:resourceTag/APP_ID " (trailing
// space): the reason must make the space visible and the fix must name it,
// not suggest tagging the instance or adding a statement.
func TestSeed002TrailingSpaceIsNamed(t *testing.T) {
	set := Set{Identity: []*Policy{loadPolicy(t, "seed002-abac-session-manager.json", KindIdentity)}}
	ctx := Context{}
	ctx.Set("aws:PrincipalTag/AppGroupName", "webserver")
	ctx.Set("aws:PrincipalTag/ReleaseId", "1.0")
	ctx.Set("aws:PrincipalTag/AppId", "ABC")
	req := Request{Principal: ssoARN, Action: "ssm:StartSession", Context: ctx,
		Resources: []Resource{tagged(instARN, "APP_GROUP_NAME", "webserver", "RELEASE_ID", "1.0", "APP_ID", "ABC")}}
	res, err := Evaluate(req, set)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Resources[0]
	wantFix := `remove the space from condition key "ssm:resourceTag/APP_ID " in identity policy seed002-abac-session-manager.json statement SSMStartSession: requests carry "ssm:resourceTag/APP_ID"`
	if r.Fix != wantFix {
		t.Errorf("fix =\n  %s\nwant\n  %s", r.Fix, wantFix)
	}
	if len(r.FailedConditions) != 1 || !strings.HasPrefix(r.FailedConditions[0].Reason, `"ssm:resourceTag/APP_ID " (note the space)`) {
		t.Errorf("failed conditions %+v: want one, whose reason quotes the spaced key", r.FailedConditions)
	}
}

// The reason names the statement that decided: a key policy grant to the
// caller, or, when the key policy only enables IAM policies for the account,
// the identity statement (not "Enable IAM User Permissions").
func TestReasonNamesTheDecidingStatement(t *testing.T) {
	keyPolicy := mustParse(t, "key", KindResource, allowDoc(
		`{"Sid":"EnableIAM","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},`+
			`{"Sid":"RoleUse","Effect":"Allow","Principal":{"AWS":"`+roleARN+`"},"Action":"kms:Decrypt","Resource":"*"}`))
	delegating := mustParse(t, "key", KindResource, allowDoc(
		`{"Sid":"EnableIAM","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`))
	identity := mustParse(t, "perm", KindIdentity, allowDoc(`{"Sid":"KeyUse","Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}`))
	tests := []struct {
		name string
		set  Set
		want string
	}{
		{"grant to the role", Set{Resource: keyPolicy}, "allowed by resource policy key statement RoleUse"},
		{"grant to the role, identity allows too", Set{Resource: keyPolicy, Identity: []*Policy{identity}}, "allowed by resource policy key statement RoleUse"},
		{"key policy delegates to IAM", Set{Resource: delegating, Identity: []*Policy{identity}}, "allowed by identity policy perm statement KeyUse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Evaluate(Request{Principal: sessARN, Action: "kms:Decrypt", Resources: []Resource{{ARN: keyARN}}}, tt.set)
			if err != nil {
				t.Fatal(err)
			}
			if r := res.Resources[0]; r.Decision != Allowed || r.Reason != tt.want {
				t.Errorf("%s: %q, want allowed: %q", r.Decision, r.Reason, tt.want)
			}
		})
	}
}
