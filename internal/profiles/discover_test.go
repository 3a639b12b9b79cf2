package profiles

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/profiles/portaltest"
)

func portalClient(url string) *sso.Client {
	return sso.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}}, func(o *sso.Options) {
		o.BaseEndpoint = aws.String(url)
	})
}

func seedAccounts() []portaltest.Account {
	return []portaltest.Account{
		{ID: "925774240130", Name: "CASTSoftware-dev", Roles: []string{"AWS-SSM-Operators", "AdministratorAccess", "ReadOnly"}},
		{ID: "717279730613", Name: "Identity Center", Roles: []string{"ReadOnly"}},
		{ID: "111122223333", Name: "sandbox", Roles: []string{"Dev"}},
	}
}

func TestListAssignmentsPagesThroughThePortal(t *testing.T) {
	p := portaltest.New("tok", seedAccounts()...)
	defer p.Close()
	got, err := ListAssignments(context.Background(), portalClient(p.URL), "tok")
	if err != nil {
		t.Fatal(err)
	}
	want := []Assignment{
		{"111122223333", "sandbox", "Dev"},
		{"717279730613", "Identity Center", "ReadOnly"},
		{"925774240130", "CASTSoftware-dev", "AWS-SSM-Operators"},
		{"925774240130", "CASTSoftware-dev", "AdministratorAccess"},
		{"925774240130", "CASTSoftware-dev", "ReadOnly"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	for _, c := range p.Calls() {
		if c != "GET /assignment/accounts" && c != "GET /assignment/roles" {
			t.Errorf("unexpected portal call %q", c)
		}
	}
}

func TestListAssignmentsSurfacesTheLoginError(t *testing.T) {
	p := portaltest.New("tok", seedAccounts()...)
	defer p.Close()
	_, err := ListAssignments(context.Background(), portalClient(p.URL), "stale")
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "UnauthorizedException" {
		t.Fatalf("got %v, want UnauthorizedException", err)
	}
}

func TestSuggestSkipsCoveredPairsAndHonoursFilters(t *testing.T) {
	assigned := []Assignment{
		{"717279730613", "Identity Center", "ReadOnly"},
		{"925774240130", "CASTSoftware-dev", "AWS-SSM-Operators"},
		{"925774240130", "CASTSoftware-dev", "ReadOnly"},
	}
	existing := []Profile{
		{Name: "dev-ssm", AccountID: "925774240130", RoleName: "aws-ssm-operators"},
		{Name: "CASTSoftware-dev-ReadOnly", AccountID: "999999999999", RoleName: "Other"},
	}
	login := Login{SSOSession: "corp", StartURL: "https://corp.awsapps.com/start", Region: "us-east-1"}
	got := Suggest(login, assigned, existing, Filter{Accounts: []string{"925774240130"}}, "")
	if len(got) != 1 {
		t.Fatalf("got %d suggestions, want 1: %+v", len(got), got)
	}
	want := "[profile CASTSoftware-dev-ReadOnly-925774240130]\nsso_session = corp\nsso_account_id = 925774240130\nsso_role_name = ReadOnly\nregion = us-east-1\n"
	if diff := cmp.Diff(want, got[0].Config); diff != "" {
		t.Errorf("config block (-want +got)\n%s", diff)
	}
	legacy := Suggest(Login{StartURL: "https://old.awsapps.com/start", Region: "eu-west-1"}, assigned[:1], nil, Filter{Role: "read*"}, "eu-central-1")
	wantLegacy := "[profile Identity-Center-ReadOnly]\nsso_start_url = https://old.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 717279730613\nsso_role_name = ReadOnly\nregion = eu-central-1\n"
	if len(legacy) != 1 || legacy[0].Config != wantLegacy {
		t.Errorf("legacy suggestion = %+v, want config %q", legacy, wantLegacy)
	}
}
