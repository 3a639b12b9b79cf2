package identitycenter

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/identitystore"
	"github.com/aws/aws-sdk-go-v2/service/identitystore/document"
	istypes "github.com/aws/aws-sdk-go-v2/service/identitystore/types"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/check"
)

// fakeStore is an identity store of two users; memberships come two per page.
type fakeStore struct {
	mu        sync.Mutex
	calls     map[string]int
	deniedOps map[string]bool
	groups    map[string][]string // user id -> group ids
}

func (f *fakeStore) count(op string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[op]++
	if f.deniedOps[op] {
		return &smithy.OperationError{ServiceID: "identitystore", OperationName: op, Err: &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "no"}}
	}
	return nil
}

func (f *fakeStore) GetUserId(_ context.Context, in *identitystore.GetUserIdInput, _ ...func(*identitystore.Options)) (*identitystore.GetUserIdOutput, error) {
	if err := f.count("GetUserId"); err != nil {
		return nil, err
	}
	ua := in.AlternateIdentifier.(*istypes.AlternateIdentifierMemberUniqueAttribute).Value
	var v string
	b, err := ua.AttributeValue.MarshalSmithyDocument()
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	switch {
	case aws.ToString(ua.AttributePath) == "userName" && v == "alice":
		return &identitystore.GetUserIdOutput{UserId: aws.String("u-alice")}, nil
	case aws.ToString(ua.AttributePath) == "emails.value" && v == "alice@example.com":
		return &identitystore.GetUserIdOutput{UserId: aws.String("u-alice")}, nil
	}
	return nil, &istypes.ResourceNotFoundException{Message: aws.String("USER not found")}
}

func (f *fakeStore) DescribeUser(_ context.Context, in *identitystore.DescribeUserInput, _ ...func(*identitystore.Options)) (*identitystore.DescribeUserOutput, error) {
	if err := f.count("DescribeUser"); err != nil {
		return nil, err
	}
	out := &identitystore.DescribeUserOutput{UserId: in.UserId, UserName: aws.String("alice"), DisplayName: aws.String("Alice Ng"),
		Name:        &istypes.Name{GivenName: aws.String("Alice"), FamilyName: aws.String("Ng")},
		Emails:      []istypes.Email{{Value: aws.String("alice@example.com"), Primary: true}},
		ExternalIds: []istypes.ExternalId{{Issuer: aws.String("SailPoint"), Id: aws.String("e-1")}}}
	if len(in.Extensions) == 1 && in.Extensions[0] == enterpriseExtension {
		out.Extensions = map[string]document.Interface{enterpriseExtension: document.NewLazyDocument(map[string]any{
			"costCenter": "cc-42", "department": "webserver", "manager": map[string]any{"value": "u-boss"}})}
	}
	return out, nil
}

func (f *fakeStore) ListGroupMembershipsForMember(_ context.Context, in *identitystore.ListGroupMembershipsForMemberInput, _ ...func(*identitystore.Options)) (*identitystore.ListGroupMembershipsForMemberOutput, error) {
	if err := f.count("ListGroupMembershipsForMember"); err != nil {
		return nil, err
	}
	ids := f.groups[in.MemberId.(*istypes.MemberIdMemberUserId).Value]
	start := 0
	if in.NextToken != nil {
		start = 2
	}
	end := min(start+2, len(ids))
	out := &identitystore.ListGroupMembershipsForMemberOutput{}
	for _, id := range ids[start:end] {
		out.GroupMemberships = append(out.GroupMemberships, istypes.GroupMembership{GroupId: aws.String(id)})
	}
	if end < len(ids) {
		out.NextToken = aws.String("next")
	}
	return out, nil
}

func (f *fakeStore) DescribeGroup(_ context.Context, in *identitystore.DescribeGroupInput, _ ...func(*identitystore.Options)) (*identitystore.DescribeGroupOutput, error) {
	if err := f.count("DescribeGroup"); err != nil {
		return nil, err
	}
	out := &identitystore.DescribeGroupOutput{GroupId: in.GroupId, DisplayName: aws.String("name-of-" + aws.ToString(in.GroupId))}
	if aws.ToString(in.GroupId) == "g-scim" {
		out.ExternalIds = []istypes.ExternalId{{Issuer: aws.String("SailPoint"), Id: aws.String("ent")}}
	}
	return out, nil
}

func TestFindUserByNameAndEmail(t *testing.T) {
	d := New(nil, &fakeStore{}, 0)
	for _, name := range []string{"alice", "alice@example.com"} {
		u, err := d.FindUser(context.Background(), "d-1", name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if u.UserName != "alice" || u.Issuer() != "SailPoint" || u.Email != "alice@example.com" {
			t.Errorf("%s: user %+v", name, u)
		}
		want := map[string]string{"userName": "alice", "displayName": "Alice Ng", "name.givenName": "Alice", "name.familyName": "Ng",
			"emails[primary eq true].value": "alice@example.com", "enterprise.costCenter": "cc-42", "enterprise.department": "webserver",
			"enterprise.manager.value": "u-boss"}
		if diff := cmp.Diff(want, u.Attributes); diff != "" {
			t.Errorf("%s: attributes (-want +got):\n%s", name, diff)
		}
	}
	if _, err := d.FindUser(context.Background(), "d-1", "bob"); !errors.Is(err, ErrUserNotFound) {
		t.Errorf("bob: %v, want ErrUserNotFound", err)
	}
}

func TestFindUserRefusedNamesThePermission(t *testing.T) {
	d := New(nil, &fakeStore{deniedOps: map[string]bool{"GetUserId": true}}, 0)
	_, err := d.FindUser(context.Background(), "d-1", "alice")
	var re *check.ReadError
	if !errors.As(err, &re) || re.Permission != "identitystore:GetUserId" || !check.Denied(err) {
		t.Errorf("err = %v, want a refused identitystore:GetUserId", err)
	}
}

func TestGroupsOfPagesAndDescribesEachGroupOnce(t *testing.T) {
	f := &fakeStore{groups: map[string][]string{"u-1": {"g-b", "g-scim", "g-a"}, "u-2": {"g-a"}}}
	d := New(nil, f, 0)
	g1, err := d.GroupsOf(context.Background(), "d-1", "u-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.GroupsOf(context.Background(), "d-1", "u-2"); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range g1 {
		names = append(names, g.Name+"/"+g.Issuer())
	}
	if diff := cmp.Diff([]string{"name-of-g-a/", "name-of-g-b/", "name-of-g-scim/SailPoint"}, names); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	if f.calls["ListGroupMembershipsForMember"] != 3 || f.calls["DescribeGroup"] != 3 {
		t.Errorf("calls = %v, want 2 pages + 1 page of memberships and each of 3 groups described once", f.calls)
	}
}

// fakeAdmin is an instance with two permission sets provisioned to one account.
type fakeAdmin struct {
	denied string
}

func (f *fakeAdmin) err(op string) error {
	if f.denied == op {
		return &smithy.OperationError{ServiceID: "SSO Admin", OperationName: op, Err: &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "no"}}
	}
	return nil
}

func (f *fakeAdmin) ListInstances(context.Context, *ssoadmin.ListInstancesInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListInstancesOutput, error) {
	return &ssoadmin.ListInstancesOutput{Instances: []ssotypes.InstanceMetadata{{InstanceArn: aws.String("arn:aws:sso:::instance/ssoins-1"), IdentityStoreId: aws.String("d-1")}}}, f.err("ListInstances")
}

func (f *fakeAdmin) DescribeInstanceAccessControlAttributeConfiguration(context.Context, *ssoadmin.DescribeInstanceAccessControlAttributeConfigurationInput, ...func(*ssoadmin.Options)) (*ssoadmin.DescribeInstanceAccessControlAttributeConfigurationOutput, error) {
	return &ssoadmin.DescribeInstanceAccessControlAttributeConfigurationOutput{InstanceAccessControlAttributeConfiguration: &ssotypes.InstanceAccessControlAttributeConfiguration{
		AccessControlAttributes: []ssotypes.AccessControlAttribute{{Key: aws.String("CostCenter"), Value: &ssotypes.AccessControlAttributeValue{Source: []string{"${path:enterprise.costCenter}"}}}}}}, nil
}

func (f *fakeAdmin) ListPermissionSetsProvisionedToAccount(_ context.Context, in *ssoadmin.ListPermissionSetsProvisionedToAccountInput, _ ...func(*ssoadmin.Options)) (*ssoadmin.ListPermissionSetsProvisionedToAccountOutput, error) {
	if in.NextToken == nil {
		return &ssoadmin.ListPermissionSetsProvisionedToAccountOutput{PermissionSets: []string{"ps-ops"}, NextToken: aws.String("2")}, f.err("ListPermissionSetsProvisionedToAccount")
	}
	return &ssoadmin.ListPermissionSetsProvisionedToAccountOutput{PermissionSets: []string{"ps-read"}}, nil
}

func (f *fakeAdmin) ListPermissionSets(context.Context, *ssoadmin.ListPermissionSetsInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListPermissionSetsOutput, error) {
	return &ssoadmin.ListPermissionSetsOutput{PermissionSets: []string{"ps-ops", "ps-read", "ps-unused"}}, nil
}

func (f *fakeAdmin) ListAccountAssignments(_ context.Context, in *ssoadmin.ListAccountAssignmentsInput, _ ...func(*ssoadmin.Options)) (*ssoadmin.ListAccountAssignmentsOutput, error) {
	if err := f.err("ListAccountAssignments"); err != nil {
		return nil, err
	}
	ps := aws.ToString(in.PermissionSetArn)
	return &ssoadmin.ListAccountAssignmentsOutput{AccountAssignments: []ssotypes.AccountAssignment{
		{PermissionSetArn: aws.String(ps), PrincipalType: ssotypes.PrincipalTypeGroup, PrincipalId: aws.String("g-" + ps)}}}, nil
}

func (f *fakeAdmin) DescribePermissionSet(_ context.Context, in *ssoadmin.DescribePermissionSetInput, _ ...func(*ssoadmin.Options)) (*ssoadmin.DescribePermissionSetOutput, error) {
	return &ssoadmin.DescribePermissionSetOutput{PermissionSet: &ssotypes.PermissionSet{Name: aws.String("Name-" + aws.ToString(in.PermissionSetArn))}}, nil
}

func (f *fakeAdmin) GetInlinePolicyForPermissionSet(context.Context, *ssoadmin.GetInlinePolicyForPermissionSetInput, ...func(*ssoadmin.Options)) (*ssoadmin.GetInlinePolicyForPermissionSetOutput, error) {
	return &ssoadmin.GetInlinePolicyForPermissionSetOutput{InlinePolicy: aws.String(`{"Version":"2012-10-17","Statement":[]}`)}, nil
}

func (f *fakeAdmin) ListManagedPoliciesInPermissionSet(context.Context, *ssoadmin.ListManagedPoliciesInPermissionSetInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListManagedPoliciesInPermissionSetOutput, error) {
	return &ssoadmin.ListManagedPoliciesInPermissionSetOutput{AttachedManagedPolicies: []ssotypes.AttachedManagedPolicy{{Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}}}, nil
}

func (f *fakeAdmin) ListCustomerManagedPolicyReferencesInPermissionSet(context.Context, *ssoadmin.ListCustomerManagedPolicyReferencesInPermissionSetInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListCustomerManagedPolicyReferencesInPermissionSetOutput, error) {
	return &ssoadmin.ListCustomerManagedPolicyReferencesInPermissionSetOutput{CustomerManagedPolicyReferences: []ssotypes.CustomerManagedPolicyReference{{Name: aws.String("SSMStart"), Path: aws.String("/team/")}}}, nil
}

func (f *fakeAdmin) GetPermissionsBoundaryForPermissionSet(context.Context, *ssoadmin.GetPermissionsBoundaryForPermissionSetInput, ...func(*ssoadmin.Options)) (*ssoadmin.GetPermissionsBoundaryForPermissionSetOutput, error) {
	return &ssoadmin.GetPermissionsBoundaryForPermissionSetOutput{PermissionsBoundary: &ssotypes.PermissionsBoundary{
		CustomerManagedPolicyReference: &ssotypes.CustomerManagedPolicyReference{Name: aws.String("Boundary")}}}, nil
}

func TestAssignmentsAndPermissionSet(t *testing.T) {
	d := New(&fakeAdmin{}, &fakeStore{}, 0)
	ctx := context.Background()
	in, err := d.Instance(ctx)
	if err != nil || in.IdentityStoreID != "d-1" || len(in.Attributes) != 1 || in.Attributes[0].Key != "CostCenter" {
		t.Fatalf("instance %+v, %v", in, err)
	}
	asg, err := d.Assignments(ctx, in.ARN, "111122223333")
	if err != nil {
		t.Fatal(err)
	}
	want := []Assignment{{"ps-ops", PrincipalGroup, "g-ps-ops"}, {"ps-read", PrincipalGroup, "g-ps-read"}}
	if diff := cmp.Diff(want, asg); diff != "" {
		t.Errorf("assignments over both pages (-want +got):\n%s", diff)
	}
	ps, err := d.PermissionSet(ctx, in.ARN, "ps-ops")
	if err != nil {
		t.Fatal(err)
	}
	if ps.Name != "Name-ps-ops" || ps.Inline == "" || len(ps.Managed) != 1 || ps.BoundaryRef == nil {
		t.Errorf("permission set = %+v", ps)
	}
	if got := ps.CustomerManaged[0].PolicyARN("aws", "111122223333"); got != "arn:aws:iam::111122223333:policy/team/SSMStart" {
		t.Errorf("customer-managed reference resolves to %s, want the account's policy by path and name", got)
	}
	if got := ps.BoundaryRef.PolicyARN("aws", "111122223333"); got != "arn:aws:iam::111122223333:policy/Boundary" {
		t.Errorf("boundary resolves to %s (a reference without a path is at /)", got)
	}
	arn, provisioned, err := d.FindPermissionSet(ctx, in.ARN, "111122223333", "Name-ps-unused")
	if err != nil || arn != "ps-unused" || provisioned {
		t.Errorf("unprovisioned set: %s, %v, %v; want found, not provisioned", arn, provisioned, err)
	}
	if _, _, err := d.FindPermissionSet(ctx, in.ARN, "111122223333", "Nope"); !errors.Is(err, ErrPermissionSetNotFound) {
		t.Errorf("missing set: %v", err)
	}
}

func TestAssignmentsRefusedNamesThePermission(t *testing.T) {
	d := New(&fakeAdmin{denied: "ListAccountAssignments"}, &fakeStore{}, 0)
	_, err := d.Assignments(context.Background(), "arn:aws:sso:::instance/ssoins-1", "111122223333")
	var re *check.ReadError
	if !errors.As(err, &re) || re.Permission != "sso:ListAccountAssignments" {
		t.Errorf("err = %v, want a ReadError naming sso:ListAccountAssignments", err)
	}
}

func TestPrincipalTags(t *testing.T) {
	u := User{UserName: "alice", Email: "alice@example.com", Attributes: map[string]string{"enterprise.costCenter": "cc-42",
		"name.givenName": "Alice", "name.familyName": "Ng"}}
	attrs := []Attribute{
		{Key: "CostCenter", Sources: []string{"${path:enterprise.costCenter}"}},
		{Key: "Email", Sources: []string{"${user:email}"}},
		{Key: "Full", Sources: []string{"${path:name.givenName} ${path:name.familyName}"}},
		{Key: "Division", Sources: []string{"${path:enterprise.division}"}},
	}
	tags, missing := PrincipalTags(attrs, u)
	want := map[string]string{"CostCenter": "cc-42", "Email": "alice@example.com", "Full": "Alice Ng"}
	if diff := cmp.Diff(want, tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Division"}, missing); diff != "" {
		t.Errorf("an attribute without a value is not passed (-want +got):\n%s", diff)
	}
}
