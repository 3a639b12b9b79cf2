package profiles

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
)

func buildT(t *testing.T, config, creds string, tokens map[string]ssocache.State) map[string]Profile {
	t.Helper()
	files, err := awsconfig.Parse("config", []byte(config), "credentials", []byte(creds))
	if err != nil {
		t.Fatal(err)
	}
	lookups := map[string]int{}
	out := map[string]Profile{}
	for _, r := range Build(files, func(key string) ssocache.State {
		lookups[key]++
		if st, ok := tokens[key]; ok {
			return st
		}
		return ssocache.State{Status: ssocache.Missing}
	}) {
		out[r.Name] = r
	}
	for k, n := range lookups {
		if n > 1 {
			t.Errorf("token cache key %s read %d times, want once", k, n)
		}
	}
	return out
}

const ssoConfig = `
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile a]
sso_session = corp
sso_account_id = 925774240130
sso_role_name = AWS-SSM-Operators
region = us-east-1
[profile b]
sso_session = corp
sso_account_id = 717279730613
sso_role_name = ReadOnly
region = us-east-1
[profile legacy]
sso_start_url = https://old.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = Admin
region = eu-west-1
[profile chained]
role_arn = arn:aws:iam::444455556666:role/team/Deployer
source_profile = a
region = us-east-1
`

func TestSSOTokenStatusAndFix(t *testing.T) {
	exp := time.Date(2026, 11, 21, 18, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		tokens map[string]ssocache.State
		want   map[string]Profile
	}{
		{"valid session token, missing legacy token",
			map[string]ssocache.State{ssocache.Key("corp"): {Status: ssocache.Valid, ExpiresAt: &exp}},
			map[string]Profile{
				"a":       {Token: &Token{Status: "valid", ExpiresAt: &exp}, LoggedIn: true},
				"legacy":  {Token: &Token{Status: "missing"}, Fix: "aws sso login --profile legacy"},
				"chained": {Token: &Token{Status: "valid", ExpiresAt: &exp}, LoggedIn: true},
			}},
		{"expired session token, refreshable: still a login fix",
			map[string]ssocache.State{ssocache.Key("corp"): {Status: ssocache.Expired, ExpiresAt: &exp, Refreshable: true}},
			map[string]Profile{
				"a":       {Token: &Token{Status: "expired", ExpiresAt: &exp, Refreshable: true}, Fix: "aws sso login --sso-session corp"},
				"legacy":  {Token: &Token{Status: "missing"}, Fix: "aws sso login --profile legacy"},
				"chained": {Token: &Token{Status: "expired", ExpiresAt: &exp, Refreshable: true}, Fix: "aws sso login --sso-session corp"},
			}},
		{"legacy token keyed by start URL",
			map[string]ssocache.State{ssocache.Key("https://old.awsapps.com/start"): {Status: ssocache.Valid, ExpiresAt: &exp}},
			map[string]Profile{
				"a":       {Token: &Token{Status: "missing"}, Fix: "aws sso login --sso-session corp"},
				"legacy":  {Token: &Token{Status: "valid", ExpiresAt: &exp}, LoggedIn: true},
				"chained": {Token: &Token{Status: "missing"}, Fix: "aws sso login --sso-session corp"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := buildT(t, ssoConfig, "", tt.tokens)
			for name, want := range tt.want {
				g := got[name]
				if diff := cmp.Diff(want, Profile{Token: g.Token, LoggedIn: g.LoggedIn, Fix: g.Fix}); diff != "" {
					t.Errorf("%s (-want +got)\n%s", name, diff)
				}
			}
		})
	}
}

func TestAccountRoleAndSourceOffline(t *testing.T) {
	got := buildT(t, ssoConfig+`
[profile keys-with-account]
aws_account_id = 999988887777
region = us-east-1
`, "[keys-with-account]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", nil)
	type view struct{ Source, Account, Role, Session, StartURL, SSORegion, KeyID string }
	want := map[string]view{
		"a":                 {SourceSSO, "925774240130", "AWS-SSM-Operators", "corp", "https://corp.awsapps.com/start", "us-east-1", ""},
		"legacy":            {SourceSSOLegacy, "111122223333", "Admin", "", "https://old.awsapps.com/start", "eu-west-1", ""},
		"chained":           {SourceAssumeRole, "444455556666", "Deployer", "", "", "", ""},
		"keys-with-account": {SourceStatic, "999988887777", "", "", "", "", "AKIA************MPLE"},
	}
	for name, w := range want {
		g := got[name]
		if diff := cmp.Diff(w, view{g.CredentialSource, g.AccountID, g.RoleName, g.SSOSession, g.SSOStartURL, g.SSORegion, g.AccessKeyID}); diff != "" {
			t.Errorf("%s (-want +got)\n%s", name, diff)
		}
	}
	if diff := cmp.Diff([]string{"chained", "a"}, got["chained"].Chain); diff != "" {
		t.Errorf("chain (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]string{"config", "credentials"}, got["keys-with-account"].Files); diff != "" {
		t.Errorf("files (-want +got)\n%s", diff)
	}
}

func TestWarnings(t *testing.T) {
	got := buildT(t, `
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile x]
sso_session = corp
sso_region = eu-west-1
sso_account_id = 925774240130
sso_role_name = Ops
region = us-east-1
[profile y]
sso_session = corp
sso_account_id = 925774240130
sso_role_name = OPS
[profile z]
sso_session = gone
sso_account_id = 111122223333
sso_role_name = R
region = us-east-1
[profile r1]
role_arn = arn:aws:iam::111122223333:role/R1
source_profile = r2
region = us-east-1
[profile r2]
role_arn = arn:aws:iam::111122223333:role/R2
source_profile = r1
region = us-east-1
`, "", nil)
	want := map[string][]string{
		"x": {`sso_region is "eu-west-1" in the profile but "us-east-1" in [sso-session corp]; the AWS CLI refuses this profile: remove it from the profile`, "same account and role as y"},
		"y": {"no region: add `region = ...` to the profile or set AWS_REGION", "same account and role as x"},
		"z": {`sso_session "gone" has no [sso-session gone] section; add one or fix the name`,
			"missing sso_region: the AWS CLI refuses this profile", "missing sso_start_url: the AWS CLI refuses this profile"},
		"r1": {"role chain loops: r1 -> r2 -> r1"},
		"r2": {"role chain loops: r2 -> r1 -> r2"},
	}
	for name, w := range want {
		if diff := cmp.Diff(w, got[name].Warnings); diff != "" {
			t.Errorf("%s (-want +got)\n%s", name, diff)
		}
	}
}

// TestShardedBuildEqualsSequential builds a big config in parallel shards
// (run with -race) and requires the same records as one builder makes.
func TestShardedBuildEqualsSequential(t *testing.T) {
	var cfg strings.Builder
	cfg.WriteString("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n")
	for i := range 3000 {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&cfg, "[profile p%d]\nsso_session = corp\nsso_account_id = %012d\nsso_role_name = R%d\nregion = us-east-1\n", i, i, i%7)
		case 1:
			fmt.Fprintf(&cfg, "[profile p%d]\nrole_arn = arn:aws:iam::%012d:role/Chained\nsource_profile = p%d\n", i, i, i-1)
		default:
			fmt.Fprintf(&cfg, "[profile p%d]\nrole_arn = arn:aws:iam::%012d:role/Loop\nsource_profile = p%d\nregion = eu-west-1\n", i, i, i)
		}
	}
	files, err := awsconfig.Parse("config", []byte(cfg.String()), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Date(2026, 11, 21, 18, 0, 0, 0, time.UTC)
	tokens := func(string) ssocache.State {
		return ssocache.State{Status: ssocache.Valid, ExpiresAt: &exp}
	}
	want := build(files, tokens, 1)
	got := build(files, tokens, 3)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-sequential +sharded)\n%s", diff)
	}
}

func TestWarningsNeverQuoteSecrets(t *testing.T) {
	got := buildT(t, "", "[k]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG #old\naws_session_token = FwoGZXIvYXdzEJr ;x\nregion = us-east-1\n", nil)
	want := []string{
		"aws_secret_access_key: the AWS CLI reads an inline comment as part of the value; put comments on their own line",
		"aws_session_token: the AWS CLI reads an inline comment as part of the value; put comments on their own line",
	}
	if diff := cmp.Diff(want, got["k"].Warnings); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if got["k"].AccessKeyID != "AKIA************MPLE" {
		t.Errorf("access key id = %q, want it masked", got["k"].AccessKeyID)
	}
}
