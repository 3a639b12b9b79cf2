package gather

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/policy"
)

const (
	ssoRole    = "AWSReservedSSO_EC2-SSM-PortForward_c20995a0822fa8ba"
	readOnly   = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	boundary   = "arn:aws:iam::aws:policy/PowerUserAccess"
	allowStart = `{"Version":"2012-10-17","Statement":[{"Sid":"Start","Effect":"Allow","Action":"ssm:StartSession","Resource":"*"}]}`
	allowRead  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","ssm:Describe*"],"Resource":"*"}]}`
	allowAll   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`
)

func fakeWorld() *fakeIAM {
	return &fakeIAM{
		roles: map[string]iamtypes.Role{ssoRole: {RoleName: aws.String(ssoRole), RoleId: aws.String("AROAEXAMPLE"),
			Path:                aws.String("/aws-reserved/sso.amazonaws.com/eu-west-1/"),
			Arn:                 aws.String("arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/" + ssoRole),
			Tags:                []iamtypes.Tag{{Key: aws.String("team"), Value: aws.String("ops")}},
			PermissionsBoundary: &iamtypes.AttachedPermissionsBoundary{PermissionsBoundaryArn: aws.String(boundary)}}},
		inline:   map[string]map[string]string{ssoRole: {"AwsSSOInlinePolicy": allowStart}, "svc": {"own": allowStart}, "group/ops": {"ops-read": allowRead}},
		attached: map[string][]string{ssoRole: {readOnly}, "svc": {readOnly}},
		managed:  map[string]string{readOnly: allowRead, boundary: allowAll},
		users: map[string]iamtypes.User{"svc": {UserName: aws.String("svc"), UserId: aws.String("AIDAEXAMPLE"), Path: aws.String("/"),
			Arn: aws.String("arn:aws:iam::925774240130:user/svc")}},
		groups: map[string][]string{"svc": {"ops"}},
	}
}

// Role by ARN: path, tags, inline (URL-encoded, as IAM returns it),
// attached at the default version, the boundary; asked twice at once, read once.
func TestRoleReadsEverythingOnce(t *testing.T) {
	f := fakeWorld()
	r := New(Clients{IAM: f}, 4)
	var wg sync.WaitGroup
	results := make([]Policies, 3)
	errs := make([]error, 3)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = r.Role(context.Background(), "arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/"+ssoRole)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	p := results[0]
	got := []any{p.ARN, p.Path, p.ID, p.Tags, len(p.Identity), p.Boundary != nil, p.Sources}
	want := []any{"arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/" + ssoRole, "/aws-reserved/sso.amazonaws.com/eu-west-1/",
		"AROAEXAMPLE", map[string]string{"team": "ops"}, 2, true, []Source{
			{Name: "AwsSSOInlinePolicy", Type: "inline", Owner: ssoRole},
			{Name: "ReadOnlyAccess", Type: "managed", ARN: readOnly},
			{Name: "PowerUserAccess", Type: "boundary", ARN: boundary}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	for _, op := range []string{"GetRole", "ListRolePolicies", "ListAttachedRolePolicies", "GetRolePolicy"} {
		if n := f.count(op); n != 1 {
			t.Errorf("%s called %d times, want once", op, n)
		}
	}
	// ReadOnlyAccess and the boundary: GetPolicy and GetPolicyVersion once each.
	if f.count("GetPolicy") != 2 || f.count("GetPolicyVersion") != 2 {
		t.Errorf("GetPolicy %d, GetPolicyVersion %d; want 2 and 2", f.count("GetPolicy"), f.count("GetPolicyVersion"))
	}
	res, err := policy.Evaluate(policy.Request{Principal: "arn:aws:sts::925774240130:assumed-role/" + ssoRole + "/a-a836660",
		Action: "ssm:StartSession", Resources: []policy.Resource{{ARN: "arn:aws:ec2:eu-west-1:925774240130:instance/i-0123456789abcdef0"}}},
		policy.Set{Identity: p.Identity, Boundaries: []*policy.Policy{p.Boundary}})
	if err != nil || !res.Allowed() {
		t.Errorf("the gathered policies do not evaluate: %v %+v", err, res)
	}
}

func TestRoleReadFailureNamesTheMissingPermission(t *testing.T) {
	for op, perm := range map[string]string{"GetRole": "iam:GetRole", "GetPolicyVersion": "iam:GetPolicyVersion"} {
		f := fakeWorld()
		f.deny = map[string]bool{op: true}
		_, err := New(Clients{IAM: f}, 0).Role(context.Background(), ssoRole)
		var re *check.ReadError
		if !errors.As(err, &re) || re.Permission != perm || !check.Denied(err) {
			t.Errorf("%s denied: err = %v, want a read error for %s", op, err, perm)
		}
	}
}

func TestUserIncludesItsGroups(t *testing.T) {
	p, err := New(Clients{IAM: fakeWorld()}, 0).User(context.Background(), "arn:aws:iam::925774240130:user/svc")
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{{Name: "own", Type: "inline", Owner: "svc"}, {Name: "ReadOnlyAccess", Type: "managed", ARN: readOnly},
		{Name: "ops-read", Type: "group", Owner: "ops"}}
	if diff := cmp.Diff(want, p.Sources); diff != "" || len(p.Identity) != 3 || p.ID != "AIDAEXAMPLE" {
		t.Errorf("sources (-want +got)\n%s\n%d policies", diff, len(p.Identity))
	}
}

func TestInstanceProfileRole(t *testing.T) {
	f := fakeWorld()
	f.roles["App"] = iamtypes.Role{RoleName: aws.String("AppRole"), Arn: aws.String("arn:aws:iam::925774240130:role/AppRole"), Path: aws.String("/")}
	got, err := New(Clients{IAM: f}, 0).InstanceProfileRole(context.Background(), "arn:aws:iam::925774240130:instance-profile/App")
	if err != nil || got.Name != "AppRole" {
		t.Errorf("got %+v, %v", got, err)
	}
}

// Eight concurrent readers of different roles never exceed the bound.
func TestConcurrencyIsBounded(t *testing.T) {
	f := fakeWorld()
	f.delay = 5 * time.Millisecond
	for i := 0; i < 8; i++ {
		n := string(rune('a' + i))
		f.roles[n] = iamtypes.Role{RoleName: aws.String(n), Arn: aws.String("arn:aws:iam::925774240130:role/" + n), Path: aws.String("/")}
		f.attached[n] = []string{readOnly}
	}
	r := New(Clients{IAM: f}, 2)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := r.Role(context.Background(), string(rune('a'+i))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := f.peak.Load(); p > 2 {
		t.Errorf("%d calls in flight at once, bound is 2", p)
	}
}

func TestSimulateSendsContextAndReadsOrganizations(t *testing.T) {
	f := fakeWorld()
	got, err := New(Clients{IAM: f}, 0).Simulate(context.Background(), Simulation{Source: "arn:aws:iam::925774240130:role/x",
		Action: "ssm:StartSession", Resources: []string{"arn:1", "arn:2"},
		Context: map[string][]string{"ssm:resourceTag/ssmaccess": {"true"}}, Bools: map[string]bool{"ssm:SessionDocumentAccessCheck": true}})
	if err != nil || len(got) != 2 || got[0].Decision != "allowed" || got[0].AllowedByOrganizations == nil || !*got[0].AllowedByOrganizations {
		t.Errorf("got %+v, %v", got, err)
	}
	f.deny = map[string]bool{"SimulatePrincipalPolicy": true}
	_, err = New(Clients{IAM: f}, 0).Simulate(context.Background(), Simulation{Source: "arn:aws:iam::925774240130:role/x", Action: "ssm:StartSession"})
	if !check.Denied(err) {
		t.Errorf("err = %v, want AccessDenied", err)
	}
}
