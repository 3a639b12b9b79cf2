package target

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/sandbox"
)

// Against the sandbox's seed world: the investigator's targets by id, Name,
// tag and IP, each with its SSM state, and an unknown Name matching nothing.
func TestResolveAgainstTheSandbox(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	for _, kv := range env.Vars() {
		t.Setenv(kv[0], kv[1])
	}
	cfg, err := awsclient.New(awsclient.Options{ConfigFiles: []string{env.Local.Config}, CredentialsFiles: []string{env.Local.Credentials}}).
		Load(context.Background(), "cast-dev-inventory")
	if err != nil {
		t.Fatal(err)
	}
	r := &Resolver{EC2: ec2.NewFromConfig(cfg), SSM: ssm.NewFromConfig(cfg), AccountID: "925774240130", Region: cfg.Region, Partition: "aws"}
	app := env.Seeded.InstanceIDs["cast-dev-app01"]
	db := env.Seeded.InstanceIDs["cast-dev-db01"]
	got := r.Resolve(context.Background(), specs(t, app, "Name=cast-dev-db01", "tag:ssmaccess=true", "Name=no-such-host"))
	want := [][]string{{app}, {db}, {app}, {}}
	for i, m := range got {
		if m.Err != nil || len(m.Targets) != len(want[i]) {
			t.Fatalf("%s: %v, %v; want %v", m.Spec.Raw, ids(m.Targets), m.Err, want[i])
		}
		for j, tg := range m.Targets {
			if tg.ID != want[i][j] || tg.Node == nil || tg.Node.PingStatus != "Online" || tg.InstanceProfileARN == "" {
				t.Errorf("%s: %+v (node %+v)", m.Spec.Raw, tg, tg.Node)
			}
		}
	}
	ip := got[0].Targets[0].PrivateIP
	byIP := r.Resolve(context.Background(), specs(t, ip))
	if len(byIP[0].Targets) != 1 || byIP[0].Targets[0].ID != app {
		t.Errorf("by IP %s: %+v", ip, byIP[0])
	}
	if c, err := r.Connection(context.Background(), app); err != nil || c != "notconnected" {
		t.Errorf("cast-dev-app01 connection = %q, %v; the seed plants it as Online but not connected", c, err)
	}
	all, err := r.All(context.Background())
	if err != nil || len(all) != 2 {
		t.Errorf("All = %d targets, %v; want the 2 seed instances", len(all), err)
	}
}
