package gateway

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// testOrg is an organization managed by testAccount (alice's and bob's), with the Dev
// account in an OU and an SCP attached there.
func testOrg(t *testing.T, management string) *organization.Org {
	t.Helper()
	sc, err := scenario.Parse("org.yaml", []byte(`
name: gateway-org
accounts:
  - {id: "925774240130", name: Management, email: m@example.com}
  - {id: "717279730613", name: Identity, email: i@example.com}
  - {id: "111122223333", name: Dev, email: d@example.com}
organization:
  managementAccount: "`+management+`"
  units: [{name: Workloads, accounts: ["111122223333"]}]
  scps: [{name: EUOnly, targets: [Workloads], document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}'}]
`))
	if err != nil {
		t.Fatal(err)
	}
	org, err := organization.Build(sc, func(d scenario.Document) (string, error) { return d.JSON, nil })
	if err != nil {
		t.Fatal(err)
	}
	return org
}

func TestOrganizationsFromTheManagementAccount(t *testing.T) {
	org := testOrg(t, testAccount)
	e := startGateway(t, &World{Organization: org})
	client := organizations.NewFromConfig(e.sdkConfig(aliceKey))
	out, err := client.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String("111122223333")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account.Name) != "Dev" || aws.ToString(out.Account.Arn) != "arn:aws:organizations::925774240130:account/"+org.ID+"/111122223333" {
		t.Errorf("account = %+v", out.Account)
	}
	list, err := client.ListAccounts(ctx(t), &organizations.ListAccountsInput{MaxResults: aws.Int32(2)})
	if err != nil || len(list.Accounts) != 2 || list.NextToken == nil {
		t.Fatalf("ListAccounts page of 2 = %+v, %v", list, err)
	}
	if _, err := client.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String("999999999999")}); errorCode(err) != "AccountNotFoundException" {
		t.Errorf("unknown account: %v", err)
	}
	// The member account's SCPs, through its OU chain.
	parents, err := client.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String("111122223333")})
	if err != nil || len(parents.Parents) != 1 || parents.Parents[0].Type != orgtypes.ParentTypeOrganizationalUnit {
		t.Fatalf("ListParents = %+v, %v", parents, err)
	}
	var got []string
	for _, target := range []string{"111122223333", aws.ToString(parents.Parents[0].Id), org.RootID} {
		ps, err := client.ListPoliciesForTarget(ctx(t), &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target), Filter: orgtypes.PolicyTypeServiceControlPolicy})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps.Policies {
			got = append(got, aws.ToString(p.Name))
		}
	}
	if diff := cmp.Diff([]string{"FullAWSAccess", "FullAWSAccess", "EUOnly", "FullAWSAccess"}, got); diff != "" {
		t.Errorf("SCPs along the chain (-want +got):\n%s", diff)
	}
	if _, err := client.ListParents(ctx(t), &organizations.ListParentsInput{ChildId: aws.String("999999999999")}); errorCode(err) != "ChildNotFoundException" {
		t.Errorf("unknown child: %v", err)
	}
}

func TestOrganizationsRefuseMemberAccounts(t *testing.T) {
	e := startGateway(t, &World{Organization: testOrg(t, "717279730613")}) // the caller is now a member account
	client := organizations.NewFromConfig(e.sdkConfig(aliceKey))
	if _, err := client.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String("111122223333")}); errorCode(err) != "AccessDeniedException" {
		t.Errorf("member account caller: err = %v, want AccessDeniedException", err)
	}
	if _, err := client.ListRoots(ctx(t), &organizations.ListRootsInput{}); errorCode(err) != "AccessDeniedException" {
		t.Errorf("ListRoots from a member: err = %v, want AccessDeniedException", err)
	}
	out, err := client.DescribeOrganization(ctx(t), &organizations.DescribeOrganizationInput{})
	if err != nil || aws.ToString(out.Organization.MasterAccountId) != "717279730613" {
		t.Errorf("DescribeOrganization from a member account = %+v, %v; every member may call it", out, err)
	}
	e2 := startGateway(t, &World{})
	_, err = organizations.NewFromConfig(e2.sdkConfig(aliceKey)).DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String("111122223333")})
	if errorCode(err) != "AWSOrganizationsNotInUseException" {
		t.Errorf("no organization: err = %v", err)
	}
}
