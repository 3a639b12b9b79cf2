package gather

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/sandbox"
)

// Against the sandbox's seed world, as the read-only inventory user: the
// provisioned permission set role, the instance role, the preferences and
// their KMS key, all read as AWS serves them.
func TestReadersAgainstTheSandbox(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	for _, kv := range env.Vars() {
		t.Setenv(kv[0], kv[1])
	}
	cfg, err := awsclient.New(awsclient.Options{ConfigFiles: []string{env.Local.Config}, CredentialsFiles: []string{env.Local.Credentials}}).
		Load(context.Background(), "cast-dev-inventory")
	if err != nil {
		t.Fatal(err)
	}
	r := New(Clients{IAM: iam.NewFromConfig(cfg), Orgs: organizations.NewFromConfig(cfg), KMS: kms.NewFromConfig(cfg), SSM: ssm.NewFromConfig(cfg)}, 0)
	ctx := context.Background()
	roleARN := env.Seeded.ReservedRoles["925774240130/EC2-SSM-PortForward"]
	p, err := r.Role(ctx, roleARN)
	if err != nil {
		t.Fatal(err)
	}
	if p.ARN != roleARN || len(p.Identity) != 1 || p.Sources[0].Name != "AwsSSOInlinePolicy" || len(p.Identity[0].Statements) != 5 {
		t.Errorf("permission set role: %+v", p)
	}
	u, err := r.User(ctx, "svc-inventory")
	if err != nil || len(u.Identity) != 1 || u.Sources[0].ARN != "arn:aws:iam::aws:policy/ReadOnlyAccess" {
		t.Errorf("svc-inventory: %+v, %v", u.Sources, err)
	}
	role, err := r.InstanceProfileRole(ctx, "arn:aws:iam::925774240130:instance-profile/CASTAppInstanceRole")
	if err != nil || role.Name != "CASTAppInstanceRole" {
		t.Errorf("instance profile: %+v, %v", role, err)
	}
	prefs, err := r.Preferences(ctx)
	if err != nil || !prefs.Found || prefs.KMSKeyID != env.Seeded.KeyARNs["session-manager"] || prefs.CloudWatchLogGroupName != "/aws/ssm/cast-dev/session-logs" {
		t.Fatalf("preferences: %+v, %v", prefs, err)
	}
	k, err := r.Key(ctx, prefs.KMSKeyID)
	if err != nil || k.Policy == nil || len(k.Policy.Statements) != 2 {
		t.Errorf("key: %+v, %v", k, err)
	}
	if _, err := r.Grants(ctx, k.ARN); err != nil {
		t.Errorf("grants: %v", err)
	}
	doc, err := r.Document(ctx, PreferencesDocument)
	if err != nil || doc.SessionType != "Standard_Stream" || doc.DocumentType != "Session" {
		t.Errorf("%s: %+v, %v", PreferencesDocument, doc, err)
	}
}
