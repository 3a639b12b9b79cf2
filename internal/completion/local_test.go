package completion

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const config = `[default]
region = eu-west-1
[profile dev-admin]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = AdministratorAccess
region = eu-west-1
[profile dev-ro]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-east-1
[profile "with space"]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = default
[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
`

// localEnv is a home directory holding config and no SSO token.
func localEnv(t *testing.T, config string) Env {
	t.Helper()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return Env{
		Getenv: func(string) string { return "" },
		Home:   func() (string, error) { return home, nil },
		Now:    func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
	}
}

func TestSharedFromTheLocalConfig(t *testing.T) {
	src := Shared(localEnv(t, config))
	tests := []struct {
		name string
		want []Candidate
	}{
		{"profile", []Candidate{
			{"default", "(none)"},
			{"dev-admin", "111122223333 AdministratorAccess (sso, login needed)"},
			{"dev-ro", "111122223333 ReadOnly (sso, login needed)"},
			{"with space", "444455556666 Deploy (assume-role)"},
		}},
		{"account", []Candidate{{"111122223333", "profiles: dev-admin, dev-ro"}, {"444455556666", "profiles: with space"}}},
		{"role", []Candidate{{"AdministratorAccess", "profiles: dev-admin"}, {"Deploy", "profiles: with space"}, {"ReadOnly", "profiles: dev-ro"}}},
		{"region", []Candidate{{"eu-west-1", "profiles: default, dev-admin"}, {"us-east-1", "profiles: dev-ro"}}},
		{"sso-session", []Candidate{{"corp", "https://d-1234567890.awsapps.com/start"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, src[tt.name]()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestSharedFixedValues(t *testing.T) {
	src := Shared(localEnv(t, ""))
	for name, want := range map[string][]string{
		"output":   {"table", "wide", "json", "ndjson", "yaml", "name", "markdown"},
		"session":  {"shell", "ssh", "port-forward", "remote-port-forward"},
		"document": {"SSM-SessionManagerRunShell", "AWS-StartSSHSession", "AWS-StartPortForwardingSession", "AWS-StartPortForwardingSessionToRemoteHost"},
		"source":   {"sso", "sso-legacy", "assume-role", "credential-process", "static", "web-identity", "none"},
		"shell":    {"bash", "zsh", "fish", "powershell"},
	} {
		if d := cmp.Diff(want, values(Result{Candidates: src[name]()})); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
}

// A config the AWS CLI cannot read completes nothing, quietly: the tool says
// what is wrong when it runs, not the shell in the middle of a line.
func TestSharedMalformedConfig(t *testing.T) {
	src := Shared(localEnv(t, "[profile a]\nregion = x\n[profile a]\n"))
	if got := src["profile"](); got != nil {
		t.Errorf("got %v, want nothing", got)
	}
}

func TestShortList(t *testing.T) {
	if got := shortList([]string{"a", "b", "c", "d", "e"}, 3); got != "a, b, c, +2 more" {
		t.Errorf("got %q", got)
	}
}
