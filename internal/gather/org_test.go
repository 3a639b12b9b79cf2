package gather

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/check"
)

// fakeOrgs is root r-1 > ou-a > ou-b > account 111122223333; management 999999999999.
type fakeOrgs struct {
	counter
	none, denyParents, rcpDisabled bool
	attached                       map[string][]string // target -> policy ids
}

func (f *fakeOrgs) DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error) {
	defer f.enter("DescribeOrganization")()
	if f.none {
		return nil, &orgtypes.AWSOrganizationsNotInUseException{Message: aws.String("not in use")}
	}
	return &organizations.DescribeOrganizationOutput{Organization: &orgtypes.Organization{MasterAccountId: aws.String("999999999999")}}, nil
}

func (f *fakeOrgs) ListParents(_ context.Context, in *organizations.ListParentsInput, _ ...func(*organizations.Options)) (*organizations.ListParentsOutput, error) {
	defer f.enter("ListParents")()
	if f.denyParents {
		return nil, &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "You don't have permissions to access this resource."}
	}
	parent := map[string]orgtypes.Parent{
		"111122223333": {Id: aws.String("ou-b"), Type: orgtypes.ParentTypeOrganizationalUnit},
		"ou-b":         {Id: aws.String("ou-a"), Type: orgtypes.ParentTypeOrganizationalUnit},
		"ou-a":         {Id: aws.String("r-1"), Type: orgtypes.ParentTypeRoot},
		"999999999999": {Id: aws.String("r-1"), Type: orgtypes.ParentTypeRoot},
	}[aws.ToString(in.ChildId)]
	return &organizations.ListParentsOutput{Parents: []orgtypes.Parent{parent}}, nil
}

func (f *fakeOrgs) ListPoliciesForTarget(_ context.Context, in *organizations.ListPoliciesForTargetInput, _ ...func(*organizations.Options)) (*organizations.ListPoliciesForTargetOutput, error) {
	defer f.enter("ListPoliciesForTarget")()
	if in.Filter == orgtypes.PolicyTypeResourceControlPolicy {
		if f.rcpDisabled {
			return nil, &smithy.GenericAPIError{Code: "PolicyTypeNotEnabledException"}
		}
		return &organizations.ListPoliciesForTargetOutput{}, nil
	}
	var out organizations.ListPoliciesForTargetOutput
	for _, id := range f.attached[aws.ToString(in.TargetId)] {
		out.Policies = append(out.Policies, orgtypes.PolicySummary{Id: aws.String(id)})
	}
	return &out, nil
}

func (f *fakeOrgs) DescribePolicy(_ context.Context, in *organizations.DescribePolicyInput, _ ...func(*organizations.Options)) (*organizations.DescribePolicyOutput, error) {
	defer f.enter("DescribePolicy")()
	id := aws.ToString(in.PolicyId)
	doc := allowAll
	if id == "p-deny" {
		doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ssm:StartSession","Resource":"*"}]}`
	}
	return &organizations.DescribePolicyOutput{Policy: &orgtypes.Policy{Content: aws.String(doc), PolicySummary: &orgtypes.PolicySummary{Name: aws.String(id)}}}, nil
}

func TestOrgPoliciesWalkTheOUChainRootFirst(t *testing.T) {
	f := &fakeOrgs{rcpDisabled: true, attached: map[string][]string{
		"r-1": {"p-FullAWSAccess"}, "ou-a": {"p-FullAWSAccess"}, "ou-b": {"p-FullAWSAccess", "p-deny"}, "111122223333": {"p-FullAWSAccess"}}}
	got, err := New(Clients{Orgs: f}, 0).OrgPolicies(context.Background(), "111122223333")
	if err != nil {
		t.Fatal(err)
	}
	var perLevel [][]string
	for _, level := range got.SCPs {
		var names []string
		for _, p := range level {
			names = append(names, p.Name)
		}
		perLevel = append(perLevel, names)
	}
	want := [][]string{{"p-FullAWSAccess"}, {"p-FullAWSAccess"}, {"p-FullAWSAccess", "p-deny"}, {"p-FullAWSAccess"}}
	if diff := cmp.Diff(want, perLevel); diff != "" || !cmp.Equal(got.Levels, []string{"r-1", "ou-a", "ou-b", "111122223333"}) {
		t.Errorf("SCPs per level (-want +got)\n%s\nlevels %v", diff, got.Levels)
	}
	if f.count("DescribePolicy") != 2 {
		t.Errorf("DescribePolicy called %d times, want once per policy (2)", f.count("DescribePolicy"))
	}
}

func TestOrgPoliciesSpecialCases(t *testing.T) {
	mgmt, err := New(Clients{Orgs: &fakeOrgs{}}, 0).OrgPolicies(context.Background(), "999999999999")
	if err != nil || !mgmt.Management || len(mgmt.SCPs) != 0 {
		t.Errorf("management account: %+v, %v; want Management and no SCPs", mgmt, err)
	}
	// A management-account caller who may call DescribeOrganization but not
	// ListParents still knows no SCP restricts it.
	mgmt, err = New(Clients{Orgs: &fakeOrgs{denyParents: true}}, 0).OrgPolicies(context.Background(), "999999999999")
	if err != nil || !mgmt.Management {
		t.Errorf("management account without organizations:ListParents: %+v, %v; want Management", mgmt, err)
	}
	none, err := New(Clients{Orgs: &fakeOrgs{none: true}}, 0).OrgPolicies(context.Background(), "111122223333")
	if err != nil || !none.NoOrganization {
		t.Errorf("no organization: %+v, %v", none, err)
	}
	_, err = New(Clients{Orgs: &fakeOrgs{denyParents: true}}, 0).OrgPolicies(context.Background(), "111122223333")
	var re *check.ReadError
	if !errors.As(err, &re) || re.Permission != "organizations:ListParents" || !check.Denied(err) {
		t.Errorf("member account: err = %v, want organizations:ListParents denied", err)
	}
}
