package target

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"testing"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/check"
)

func world() (*fakeEC2, *fakeSSM) {
	e := &fakeEC2{instances: []ec2types.Instance{
		instance("i-00000000000000001", "web-01", "running", "10.0.1.1", "project", "Production"),
		instance("i-00000000000000002", "web-02", "stopped", "10.0.1.2", "project", "Development"),
		instance("i-00000000000000003", "web-01", "terminated", "10.0.1.3"),
		instance("i-00000000000000004", "db-01", "running", "10.0.1.4", "project", "Production"),
	}}
	s := &fakeSSM{
		nodes: []ssmtypes.InstanceInformation{
			node("i-00000000000000001", ssmtypes.ResourceTypeEc2Instance, ssmtypes.PingStatusOnline, "", "10.0.1.1"),
			node("i-00000000000000002", ssmtypes.ResourceTypeEc2Instance, ssmtypes.PingStatusConnectionLost, "", "10.0.1.2"),
			node("mi-0a1b2c3d4e5f60718", ssmtypes.ResourceTypeManagedInstance, ssmtypes.PingStatusOnline, "onprem-app01", "192.168.10.15"),
		},
		tags: map[string]map[string]string{"mi-0a1b2c3d4e5f60718": {"project": "Production"}},
	}
	return e, s
}

func resolver(e *fakeEC2, s *fakeSSM) *Resolver {
	return &Resolver{EC2: e, SSM: s, AccountID: "111122223333", Region: "eu-west-1", Partition: "aws"}
}

func specs(t *testing.T, raw ...string) []Spec {
	t.Helper()
	out := make([]Spec, len(raw))
	for i, r := range raw {
		sp, err := ParseSpec(r)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = sp
	}
	return out
}

func ids(ts []Target) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

// Every kind of spec at once: one DescribeInstances per filter kind, never
// one per target, and each spec gets exactly its targets.
func TestResolveBatchesByFilterKind(t *testing.T) {
	e, s := world()
	got := resolver(e, s).Resolve(context.Background(), specs(t,
		"i-00000000000000001", "i-00000000000000004", "i-0ffffffffffffffff", "Name=web-01", "Name=nope",
		"tag:project=Production", "10.0.1.2", "ip-10-0-1-4.eu-west-1.compute.internal", "mi-0a1b2c3d4e5f60718", "Name=onprem-app01"))
	want := [][]string{
		{"i-00000000000000001"}, {"i-00000000000000004"}, {}, {"i-00000000000000001"}, {},
		{"i-00000000000000001", "i-00000000000000004", "mi-0a1b2c3d4e5f60718"}, {"i-00000000000000002"},
		{"i-00000000000000004"}, {"mi-0a1b2c3d4e5f60718"}, {"mi-0a1b2c3d4e5f60718"},
	}
	for i, m := range got {
		if m.Err != nil {
			t.Errorf("%s: %v", m.Spec.Raw, m.Err)
		}
		if diff := cmp.Diff(want[i], ids(m.Targets)); diff != "" {
			t.Errorf("%s (-want +got)\n%s", m.Spec.Raw, diff)
		}
	}
	sort.Strings(e.filters)
	if diff := cmp.Diff([]string{"instance-id", "private-dns-name", "private-ip-address", "tag:Name", "tag:project"}, e.filters); diff != "" {
		t.Errorf("DescribeInstances calls by filter (-want +got)\n%s", diff)
	}
	// One node read by id, one hybrid listing, one tag:project query; tags of the one hybrid node.
	if s.dii.Load() != 3 || s.lt.Load() != 1 {
		t.Errorf("DescribeInstanceInformation %d calls, ListTagsForResource %d; want 3 and 1", s.dii.Load(), s.lt.Load())
	}
}

func TestResolvedTargetCarriesWhatBothToolsNeed(t *testing.T) {
	e, s := world()
	m := resolver(e, s).Resolve(context.Background(), specs(t, "Name=web-01", "mi-0a1b2c3d4e5f60718"))
	web, hyb := m[0].Targets[0], m[1].Targets[0]
	if web.ARN() != "arn:aws:ec2:eu-west-1:111122223333:instance/i-00000000000000001" || web.State != "running" ||
		web.IMDSHttpTokens != "required" || web.InstanceProfileARN == "" || web.Node == nil || web.Node.PingStatus != "Online" ||
		web.Tags["project"] != "Production" || web.Name != "web-01" {
		t.Errorf("instance target incomplete: %+v (node %+v)", web, web.Node)
	}
	if hyb.ARN() != "arn:aws:ssm:eu-west-1:111122223333:managed-instance/mi-0a1b2c3d4e5f60718" || hyb.Name != "onprem-app01" ||
		hyb.Tags["project"] != "Production" || hyb.Node.ResourceType != ResourceManagedInstance {
		t.Errorf("hybrid target incomplete: %+v", hyb)
	}
}

// A refused read is an unknown answer naming the permission, never "not found".
func TestResolveDeniedIsUnknownNotNotFound(t *testing.T) {
	e, s := world()
	e.err = &smithy.OperationError{ServiceID: "EC2", OperationName: "DescribeInstances", Err: &smithy.GenericAPIError{Code: "UnauthorizedOperation"}}
	m := resolver(e, s).Resolve(context.Background(), specs(t, "Name=web-01"))
	var re *check.ReadError
	if !errors.As(m[0].Err, &re) || re.Permission != "ec2:DescribeInstances" || len(m[0].Targets) != 0 {
		t.Errorf("got %+v, want an ec2:DescribeInstances read error", m[0])
	}
	e.err, s.err = nil, &smithy.GenericAPIError{Code: "AccessDeniedException"}
	m = resolver(e, s).Resolve(context.Background(), specs(t, "i-00000000000000001"))
	if len(m[0].Targets) != 1 || !errors.As(m[0].Targets[0].NodeErr, &re) || re.Permission != "ssm:DescribeInstanceInformation" {
		t.Errorf("got %+v, want the instance with an ssm:DescribeInstanceInformation NodeErr", m[0])
	}
}

// 5,000 instances: calls grow with pages (EC2 1,000, SSM 50 per page).
func TestAllPagesInsteadOfPerInstanceCalls(t *testing.T) {
	e, s := &fakeEC2{}, &fakeSSM{}
	for i := 0; i < 5000; i++ {
		id := fmt.Sprintf("i-%017x", i)
		e.instances = append(e.instances, instance(id, "", "running", "10.0.0.1"))
		s.nodes = append(s.nodes, node(id, ssmtypes.ResourceTypeEc2Instance, ssmtypes.PingStatusOnline, "", ""))
	}
	all, err := resolver(e, s).All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5000 || all[4999].Node == nil {
		t.Fatalf("got %d targets", len(all))
	}
	if e.calls.Load() != 5 || s.dii.Load() != 100 || s.lt.Load() != 0 {
		t.Errorf("calls: DescribeInstances %d, DescribeInstanceInformation %d, ListTagsForResource %d; want 5, 100, 0",
			e.calls.Load(), s.dii.Load(), s.lt.Load())
	}
}

func TestConnection(t *testing.T) {
	e, s := world()
	s.connected = map[string]bool{"i-00000000000000001": true}
	r := resolver(e, s)
	for id, want := range map[string]string{"i-00000000000000001": "connected", "i-00000000000000004": "notconnected"} {
		if got, err := r.Connection(context.Background(), id); err != nil || got != want {
			t.Errorf("Connection(%s) = %q, %v; want %q", id, got, err, want)
		}
	}
}

// Ids alone (ssh's %h): their managed-node records are read in one call
// made alongside DescribeInstances, and still reach their targets.
func TestResolveIDsReadsNodesOnce(t *testing.T) {
	e, s := world()
	m := resolver(e, s).Resolve(context.Background(), specs(t, "i-00000000000000001", "mi-0a1b2c3d4e5f60718", "i-0ffffffffffffffff"))
	if len(m) != 3 || len(m[0].Targets) != 1 || m[0].Targets[0].Node == nil || len(m[1].Targets) != 1 || m[1].Targets[0].Node == nil || len(m[2].Targets) != 0 {
		t.Fatalf("matches: %+v", m)
	}
	if s.dii.Load() != 1 {
		t.Errorf("DescribeInstanceInformation %d calls, want 1", s.dii.Load())
	}
}
