package sandbox

// Named zz_ so it runs after the package's read-only tests: it checks their audit trail.

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

func TestAuditRecordsCallsAndFlagsMutations(t *testing.T) {
	cfg := profileConfig(t, "cast-dev-admin")
	if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(testCtx(t), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	before, err := audit.NonReadOnly(shared.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 0 {
		t.Fatalf("read-only tests produced mutating calls: %+v", before)
	}
	calls, err := audit.ReadFile(shared.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	last := calls[len(calls)-1]
	if last.Operation != "GetCallerIdentity" || !strings.Contains(last.Principal, "assumed-role/AWSReservedSSO_AdministratorAccess_") || last.Status != 200 {
		t.Errorf("last audited call = %+v", last)
	}

	// A mutating call through the gateway must be reported.
	_, _ = iam.NewFromConfig(cfg).TagRole(testCtx(t), &iam.TagRoleInput{RoleName: aws.String("CASTAppInstanceRole"),
		Tags: []iamtypes.Tag{{Key: aws.String("audit-probe"), Value: aws.String("1")}}})
	after, err := audit.NonReadOnly(shared.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 1 || after[0].Operation != "TagRole" || after[0].Service != "iam" {
		t.Errorf("NonReadOnly = %+v, want the one TagRole call", after)
	}
}

// The audit log names principals and key ids, never a secret: not the SSO access token,
// not a seeded user's secret key, not the secret or session token the portal handed out.
func TestAuditLogHoldsNoSecret(t *testing.T) {
	cfg := profileConfig(t, "cast-dev-admin")
	creds, err := seedPortal(t, cfg, "925774240130", "EC2-SSM-PortForward")
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{"SSO access token": cachedToken(t, "cast"),
		"portal secret key": aws.ToString(creds.RoleCredentials.SecretAccessKey), "portal session token": aws.ToString(creds.RoleCredentials.SessionToken)}
	for profile, k := range shared.Seeded.AccessKeys {
		secrets["secret key of "+profile] = k.Secret
	}
	var raw []byte
	for i := 0; raw == nil; i++ {
		if i == 3000 { // ~30 s: only so a broken gateway cannot wedge the test
			t.Fatal("the GetRoleCredentials call never reached the audit log")
		}
		calls, err := audit.ReadFile(shared.AuditPath)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(calls); n > 0 && calls[n-1].Operation == "GetRoleCredentials" {
			if raw, err = os.ReadFile(shared.AuditPath); err != nil {
				t.Fatal(err)
			}
			break
		}
		time.Sleep(10 * time.Millisecond) // the line can land just after the answer
	}
	for what, secret := range secrets {
		if secret == "" {
			t.Fatalf("%s is empty: nothing to look for", what)
		}
		if strings.Contains(string(raw), secret) {
			t.Errorf("the audit log holds the %s", what)
		}
	}
}
