package sandbox

// Named zz_ so it runs after the package's read-only tests: it checks their audit trail.

import (
	"strings"
	"testing"

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
