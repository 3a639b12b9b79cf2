package gateway

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

const (
	validToken   = "sandbox-token-valid"
	expiredToken = "sandbox-token-expired"
)

func portalWorld(now time.Time) *World {
	return &World{Portal: Portal{
		Tokens: map[string]PortalSession{validToken: {User: "bob", Expires: now.Add(8 * time.Hour)}, expiredToken: {User: "bob", Expires: now.Add(-time.Hour)}},
		Accounts: map[string]PortalAccount{testAccount: {ID: testAccount, Name: "CASTSoftware-dev", Email: "dev@example.com"},
			"717279730613": {ID: "717279730613", Name: "Identity Center", Email: "ic@example.com"}},
		Roles:    map[string]map[string][]string{"bob": {testAccount: {"Ops", "ReadOnly"}, "717279730613": {"ReadOnly"}}},
		RoleARNs: map[string]string{testAccount + "/Ops": "arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Ops_0123456789abcdef"},
	}}
}

func TestPortalListsAccountsAndRoles(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	e := startGateway(t, portalWorld(now))
	client := sso.NewFromConfig(e.sdkConfig(""))
	var accounts []string
	p := sso.NewListAccountsPaginator(client, &sso.ListAccountsInput{AccessToken: aws.String(validToken), MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range out.AccountList {
			accounts = append(accounts, aws.ToString(a.AccountId)+" "+aws.ToString(a.AccountName))
		}
	}
	roles, err := client.ListAccountRoles(ctx(t), &sso.ListAccountRolesInput{AccessToken: aws.String(validToken), AccountId: aws.String(testAccount)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range roles.RoleList {
		names = append(names, aws.ToString(r.RoleName))
	}
	if diff := cmp.Diff([]string{"717279730613 Identity Center", "925774240130 CASTSoftware-dev"}, accounts); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Ops", "ReadOnly"}, names); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
}

func TestPortalGetRoleCredentialsAssumesTheReservedRole(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	e := startGateway(t, portalWorld(now))
	out, err := sso.NewFromConfig(e.sdkConfig("")).GetRoleCredentials(ctx(t), &sso.GetRoleCredentialsInput{
		AccessToken: aws.String(validToken), AccountId: aws.String(testAccount), RoleName: aws.String("Ops")})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.RoleCredentials.AccessKeyId); got != "ASIAISSUED" {
		t.Errorf("access key = %q, want the one moto issued", got)
	}
	if got := time.UnixMilli(out.RoleCredentials.Expiration).UTC(); !got.Equal(now.Add(time.Hour)) {
		t.Errorf("expiration = %s, want %s", got, now.Add(time.Hour))
	}
	// The issued key is now known as the SSO role session, and no secret is audited.
	_, _ = iam.NewFromConfig(e.sdkConfig("ASIAISSUED")).ListRoles(ctx(t), &iam.ListRolesInput{})
	raw, err := os.ReadFile(e.auditPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{issuedSecret, validToken, "TOKEN<"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("audit log contains a secret %q", secret)
		}
	}
	calls := e.calls(t)
	if last := calls[len(calls)-1]; last.Principal != "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/bob" {
		t.Errorf("principal of the issued key = %q", last.Principal)
	}
	if calls[0].Principal != "sso-user/bob" || calls[0].Operation != "GetRoleCredentials" {
		t.Errorf("portal call audited as %+v", calls[0])
	}
}

func TestPortalRefusals(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	e := startGateway(t, portalWorld(now))
	client := sso.NewFromConfig(e.sdkConfig(""))
	tests := []struct {
		name, token, account, role string
		want                       string
	}{
		{"expired token", expiredToken, testAccount, "Ops", "UnauthorizedException"},
		{"unknown token", "made-up", testAccount, "Ops", "UnauthorizedException"},
		// Not in the SSO API model, but what the real portal sends (the CLI prints it verbatim).
		{"role not assigned", validToken, testAccount, "Admin", "ForbiddenException"},
		{"assigned in another account only", validToken, "717279730613", "Ops", "ForbiddenException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.GetRoleCredentials(ctx(t), &sso.GetRoleCredentialsInput{AccessToken: aws.String(tt.token), AccountId: aws.String(tt.account), RoleName: aws.String(tt.role)})
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != tt.want {
				t.Fatalf("err = %v, want %s", err, tt.want)
			}
			if tt.want == "UnauthorizedException" {
				var ue *ssotypes.UnauthorizedException
				if !errors.As(err, &ue) {
					t.Errorf("SDK did not model the error as UnauthorizedException: %T", err)
				}
			}
		})
	}
}

func TestSimulatePrincipalPolicy(t *testing.T) {
	w := &World{Simulate: scenario.Simulate{
		Callers:   []string{"arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_Admin_*/*"},
		Decisions: []scenario.SimulateDecision{{Action: "ssm:StartSession", Resource: "arn:aws:ec2:*:*:instance/*", Decision: "allowed"}},
	}}
	e := startGateway(t, w)
	in := &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::925774240130:role/Ops"),
		ActionNames: []string{"ssm:StartSession", "kms:GenerateDataKey"}, ResourceArns: []string{"arn:aws:ec2:eu-west-1:925774240130:instance/i-1"}}

	_, err := iam.NewFromConfig(e.sdkConfig(bobKey)).SimulatePrincipalPolicy(ctx(t), in)
	if err == nil || !strings.Contains(err.Error(), "AccessDenied") || !strings.Contains(err.Error(), bobARN) {
		t.Fatalf("bob (not granted): err = %v, want AccessDenied naming him", err)
	}
	out, err := iam.NewFromConfig(e.sdkConfig(aliceKey)).SimulatePrincipalPolicy(ctx(t), in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range out.EvaluationResults {
		got = append(got, aws.ToString(r.EvalActionName)+"="+string(r.EvalDecision))
	}
	if diff := cmp.Diff([]string{"ssm:StartSession=allowed", "kms:GenerateDataKey=implicitDeny"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
