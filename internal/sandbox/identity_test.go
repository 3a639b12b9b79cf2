package sandbox

import (
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

func cachedToken(t *testing.T, key string) string {
	t.Helper()
	tok, err := shared.Local.CachedToken(key)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestSSOProfileIsTheReservedRoleSession(t *testing.T) {
	cfg := profileConfig(t, "cast-dev-admin")
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(testCtx(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	role := seed.ReservedRoleName("925774240130", "AdministratorAccess")
	if want := "arn:aws:sts::925774240130:assumed-role/" + role + "/a-a800123"; aws.ToString(out.Arn) != want {
		t.Errorf("caller = %s, want %s", aws.ToString(out.Arn), want)
	}
	if !strings.HasSuffix(aws.ToString(out.UserId), ":a-a800123") || !strings.HasPrefix(aws.ToString(out.UserId), "AROA") {
		t.Errorf("user id = %s, want AROA...:a-a800123", aws.ToString(out.UserId))
	}
	got, err := iam.NewFromConfig(cfg).GetRole(testCtx(t), &iam.GetRoleInput{RoleName: aws.String(role)})
	if err != nil {
		t.Fatal(err)
	}
	if p := aws.ToString(got.Role.Path); p != "/aws-reserved/sso.amazonaws.com/eu-west-1/" {
		t.Errorf("reserved role path = %s", p)
	}
}

func TestExpiredSSOProfileCannotGetCredentials(t *testing.T) {
	cfg := profileConfig(t, "cast-identity")
	_, err := cfg.Credentials.Retrieve(testCtx(t))
	if err == nil {
		t.Fatal("the cast-identity profile's token is expired, yet credentials were issued")
	}
	if !strings.Contains(strings.ToLower(err.Error()), "expired") && !strings.Contains(err.Error(), "refresh") {
		t.Errorf("error %q does not say the token expired", err)
	}
}

func TestDecoyProfileIsAnotherRoleInTheSameAccount(t *testing.T) {
	out, err := sts.NewFromConfig(profileConfig(t, "cast-dev-readonly")).GetCallerIdentity(testCtx(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if a := aws.ToString(out.Arn); !strings.Contains(a, ":925774240130:assumed-role/AWSReservedSSO_ReadOnlyDev_") {
		t.Errorf("decoy caller = %s", a)
	}
}

func TestStaticKeyProfileIsTheIAMUser(t *testing.T) {
	out, err := sts.NewFromConfig(profileConfig(t, "cast-dev-inventory")).GetCallerIdentity(testCtx(t), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if a := aws.ToString(out.Arn); a != "arn:aws:iam::925774240130:user/svc-inventory" {
		t.Errorf("caller = %s", a)
	}
	raw, _ := os.ReadFile(shared.Local.Credentials)
	if !strings.Contains(string(raw), "[cast-dev-inventory]") {
		t.Errorf("credentials file lacks the profile:\n%s", raw)
	}
}

func TestRoleWithoutAssignmentGetsForbidden(t *testing.T) {
	cfg := profileConfig(t, "cast-dev-admin")
	_, err := seedPortal(t, cfg, "717279730613", "ReadOnlyDev")
	if err == nil || !strings.Contains(err.Error(), "ForbiddenException") {
		t.Fatalf("a-a800123 has no ReadOnlyDev assignment in 717279730613; err = %v, want ForbiddenException", err)
	}
}

func TestLocalSSHConfigHasTheProxyCommand(t *testing.T) {
	raw, err := os.ReadFile(shared.Local.SSHConfig)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "AWS-StartSSHSession") || !strings.HasPrefix(shared.Local.SSHConfig, shared.Local.Home) {
		t.Errorf("ssh config %s:\n%s", shared.Local.SSHConfig, raw)
	}
}
