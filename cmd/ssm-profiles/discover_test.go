package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/profiles/portaltest"
)

func fakePortal(t *testing.T) *portaltest.Portal {
	p := portaltest.New("SECRET-ACCESS-TOKEN",
		portaltest.Account{ID: "925774240130", Name: "CASTSoftware-dev", Roles: []string{"AWS-SSM-Operators", "AdministratorAccess", "ReadOnly"}},
		portaltest.Account{ID: "717279730613", Name: "Identity Center", Roles: []string{"ReadOnly", "Admin"}},
		portaltest.Account{ID: "111122223333", Name: "sandbox", Roles: []string{"Dev"}},
	)
	t.Cleanup(p.Close)
	return p
}

func TestDiscoverPrintsOnlyUncoveredPairs(t *testing.T) {
	p := fakePortal(t)
	env := map[string]string{"HOME": home(t, testConfig, map[string]string{"corp": validCorp}), "AWS_ENDPOINT_URL_SSO": p.URL}
	got := runApp(t, env, false, "--discover", "--account", "925774240130")
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(got.Stdout), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not NDJSON: %q", got.Stdout)
		}
		recs = append(recs, r)
	}
	want := []map[string]any{{
		"kind": "ProfileSuggestion", "apiVersion": "ssmkit/v1", "name": "CASTSoftware-dev-ReadOnly",
		"accountId": "925774240130", "accountName": "CASTSoftware-dev", "roleName": "ReadOnly",
		"ssoSession": "corp", "ssoStartUrl": "https://corp.awsapps.com/start", "region": "us-east-1",
		"config": "[profile CASTSoftware-dev-ReadOnly]\nsso_session = corp\nsso_account_id = 925774240130\nsso_role_name = ReadOnly\nregion = us-east-1\n",
	}}
	if diff := cmp.Diff(want, recs); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	// The legacy login has no token: it is skipped with its fix on stderr.
	if got.Code != 0 || got.Stderr != "warning: skipped SSO logins without a valid token: run aws sso login --profile legacy\n" {
		t.Errorf("code %d, stderr %q", got.Code, got.Stderr)
	}
	for _, c := range p.Calls() {
		if c != "GET /assignment/accounts" && c != "GET /assignment/roles" {
			t.Errorf("--discover made a call other than ListAccounts/ListAccountRoles: %s", c)
		}
	}
}

func TestDiscoverTableShowsConfigBlocks(t *testing.T) {
	p := fakePortal(t)
	env := map[string]string{"HOME": home(t, testConfig, map[string]string{"corp": validCorp}), "AWS_ENDPOINT_URL": p.URL}
	got := runApp(t, env, true, "--discover", "--sso-session", "corp", "--role", "dev")
	want := `SUGGESTED-PROFILE  ACCOUNT       ACCOUNT-NAME  ROLE  SSO-SESSION
sandbox-Dev        111122223333  sandbox       Dev   corp

# Add to ~/.aws/config (ssm-profiles never writes it):

[profile sandbox-Dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev
region = us-east-1
`
	if diff := cmp.Diff(result{0, want, ""}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestDiscoverSurvivesThrottling(t *testing.T) {
	p := fakePortal(t)
	p.Throttle(1)
	env := map[string]string{"HOME": home(t, testConfig, map[string]string{"corp": validCorp}), "AWS_ENDPOINT_URL_SSO": p.URL}
	got := runApp(t, env, false, "--discover", "--sso-session", "corp", "-o", "name")
	// Sorted by account ID; 717279730613 ReadOnly is covered by the legacy profile.
	want := "sandbox-Dev\nIdentity-Center-Admin\nCASTSoftware-dev-ReadOnly\n"
	if diff := cmp.Diff(result{0, want, ""}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestDiscoverNeedsALogin(t *testing.T) {
	p := fakePortal(t)
	expired := `{"accessToken":"SECRET-ACCESS-TOKEN","expiresAt":"2026-11-21T11:00:00Z"}`
	revoked := `{"accessToken":"SECRET-REVOKED","expiresAt":"2026-11-21T18:00:00Z"}`
	tests := []struct {
		name  string
		token string
		want  result
	}{
		{"expired token", expired, result{4, "", "error: --discover needs a valid SSO token: run aws sso login --sso-session corp\n"}},
		{"token the portal refuses", revoked, result{4, "", "error: --discover needs a valid SSO token: run aws sso login --sso-session corp\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"HOME": home(t, testConfig, map[string]string{"corp": tt.token}), "AWS_ENDPOINT_URL_SSO": p.URL}
			got := runApp(t, env, false, "--discover", "--sso-session", "corp")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	env := map[string]string{"HOME": home(t, "[profile keys]\naws_access_key_id = AKIA\n", nil)}
	if got := runApp(t, env, false, "--discover"); got.Code != 2 || !strings.Contains(got.Stderr, "--discover needs an SSO login in") {
		t.Errorf("no sso-session at all: got %+v, want exit 2 naming the config file", got)
	}
}

func TestDiscoverUnreachablePortalIsUnknown(t *testing.T) {
	p := fakePortal(t)
	url := p.URL
	p.Close()
	env := map[string]string{"HOME": home(t, testConfig, map[string]string{"corp": validCorp}), "AWS_ENDPOINT_URL_SSO": url}
	got := runApp(t, env, false, "--discover", "--sso-session", "corp")
	if got.Code != 3 || got.Stdout != "" || !strings.HasPrefix(got.Stderr, "error: --discover at https://corp.awsapps.com/start: ") {
		t.Errorf("got %+v, want exit 3 naming the portal", got)
	}
}
