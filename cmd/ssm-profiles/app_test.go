package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/output"
)

var testNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

const testConfig = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile dev-ssm]
sso_session = corp
sso_account_id = 925774240130
sso_role_name = AWS-SSM-Operators
region = us-east-1

[profile dev-admin]
sso_session = corp
sso_account_id = 925774240130
sso_role_name = AdministratorAccess
region = us-east-1

[profile legacy]
sso_start_url = https://old.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 717279730613
sso_role_name = ReadOnly
region = eu-west-1
`

// home writes a ~/.aws with testConfig and, per cache key, a token body.
func home(t *testing.T, config string, tokens map[string]string) string {
	t.Helper()
	h := t.TempDir()
	cache := filepath.Join(h, ".aws", "sso", "cache")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h, ".aws", "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	for key, body := range tokens {
		if err := os.WriteFile(filepath.Join(cache, ssocache.Key(key)+".json"), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

const validCorp = `{"accessToken":"SECRET-ACCESS-TOKEN","expiresAt":"2026-11-21T18:00:00Z"}`

type result struct {
	Code           int
	Stdout, Stderr string
}

func runApp(t *testing.T, env map[string]string, tty bool, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	d := deps{env: getenv, home: homeOf(env), now: func() time.Time { return testNow }, portal: portalFactory(getenv, awsclient.Options{MaxBackoff: time.Millisecond})}
	s := output.Streams{In: strings.NewReader(""), Out: &out, Err: &errb, OutTTY: tty}
	code := cmdutil.RunContext(context.Background(), newAppWith(d), append([]string{"ssm-profiles"}, args...), s)
	r := result{code, out.String(), errb.String()}
	for _, secret := range []string{"SECRET-ACCESS-TOKEN", "SECRET-REFRESH"} {
		if strings.Contains(r.Stdout+r.Stderr, secret) {
			t.Errorf("output leaks %s", secret)
		}
	}
	return r
}

// homeOf is the home directory a test's environment names.
func homeOf(env map[string]string) paths.Home {
	return func() (string, error) {
		if env["HOME"] == "" {
			return "", errors.New("no HOME in the test environment")
		}
		return env["HOME"], nil
	}
}

func TestListTerminalTableAndPipedNDJSON(t *testing.T) {
	env := map[string]string{"HOME": home(t, testConfig, map[string]string{"corp": validCorp})}
	table := runApp(t, env, true, "--account", "925774240130")
	wantTable := `NAME       SOURCE  ACCOUNT       ROLE                 REGION     TOKEN  EXPIRES
dev-ssm    sso     925774240130  AWS-SSM-Operators    us-east-1  valid  2026-11-21 18:00Z
dev-admin  sso     925774240130  AdministratorAccess  us-east-1  valid  2026-11-21 18:00Z
`
	if diff := cmp.Diff(result{0, wantTable, ""}, table); diff != "" {
		t.Errorf("terminal (-want +got)\n%s", diff)
	}
	piped := runApp(t, env, false, "legacy")
	var rec map[string]any
	if err := json.Unmarshal([]byte(piped.Stdout), &rec); err != nil || strings.Count(piped.Stdout, "\n") != 1 {
		t.Fatalf("piped output is not one JSON line: %q (%v)", piped.Stdout, err)
	}
	want := map[string]any{"kind": "Profile", "apiVersion": "ssmkit/v1", "name": "legacy", "credentialSource": "sso-legacy",
		"accountId": "717279730613", "roleName": "ReadOnly", "region": "eu-west-1", "ssoStartUrl": "https://old.awsapps.com/start",
		"ssoRegion": "eu-west-1", "files": []any{filepath.Join(env["HOME"], ".aws", "config")}, "token": map[string]any{"status": "missing"},
		"loggedIn": false, "fix": "aws sso login --profile legacy"}
	if diff := cmp.Diff(want, rec); diff != "" {
		t.Errorf("piped (-want +got)\n%s", diff)
	}
}

func TestNameOutputFeedsProfileFlag(t *testing.T) {
	env := map[string]string{"HOME": home(t, testConfig, nil)}
	got := runApp(t, env, false, "-o", "name", "--account", "925774240130", "--role", "*SSM*")
	if diff := cmp.Diff(result{0, "dev-ssm\n", ""}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestExitCodes(t *testing.T) {
	h := home(t, testConfig, map[string]string{"corp": validCorp})
	bad := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(bad, []byte("[profile a]\n[profile a]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want result
	}{
		{"nothing matches", map[string]string{"HOME": h}, []string{"--account", "111122223333"},
			result{1, "", "error: no profile matches --account 111122223333; `ssm-profiles --discover` lists the account+role pairs your SSO login can reach that have no profile yet\n"}},
		{"quiet no match", map[string]string{"HOME": h}, []string{"-q", "--logged-in", "legacy"}, result{1, "", ""}},
		{"quiet match", map[string]string{"HOME": h}, []string{"-q", "--logged-in", "dev-*"}, result{0, "", ""}},
		{"malformed file", map[string]string{"HOME": h, "AWS_CONFIG_FILE": bad}, nil,
			result{2, "", "error: " + bad + ":2: section [profile a] appears twice (first on line 1); merge them\n"}},
		{"bad account", map[string]string{"HOME": h}, []string{"--account", "92577424013"},
			result{2, "", "error: --account \"92577424013\": an account ID is 12 digits (see --help)\n"}},
		{"bad source", map[string]string{"HOME": h}, []string{"--source", "keys"},
			result{2, "", "error: --source \"keys\": use one of sso, sso-legacy, assume-role, credential-process, static, web-identity, none (see --help)\n"}},
		{"bad output format even with no match", map[string]string{"HOME": h}, []string{"-o", "xml", "--account", "000000000000"},
			result{2, "", "error: unknown output format \"xml\": use one of table, wide, json, ndjson, yaml, name, markdown\n"}},
		{"flags after a name glob still apply", map[string]string{"HOME": h}, []string{"dev-*", "-q", "--logged-in"}, result{0, "", ""}},
		{"no profiles at all", map[string]string{"HOME": t.TempDir()}, nil,
			result{1, "", "error: no profiles in HOME/.aws/config or HOME/.aws/credentials: run `aws configure sso` to add one\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runApp(t, tt.env, false, tt.args...)
			got.Stderr = strings.ReplaceAll(got.Stderr, tt.env["HOME"], "HOME")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestNoticesGoToStderr(t *testing.T) {
	env := map[string]string{"HOME": home(t, testConfig+"\n[stray]\nregion = x\n", nil)}
	got := runApp(t, env, false, "-o", "name", "dev-ssm")
	want := result{0, "dev-ssm\n", "warning: " + filepath.Join(env["HOME"], ".aws", "config") + ":24: [stray] in the config file is not a profile; write [profile stray]\n"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// One flag rule, kubectl's: flags may follow the name globs, and "--" ends
// the flags so a profile named like a flag can be asked for.
func TestFlagsEitherSideAndDoubleDash(t *testing.T) {
	env := map[string]string{"HOME": home(t, testConfig+"\n[profile -weird]\nregion = us-east-1\n", nil)}
	tests := []struct {
		name string
		args []string
		want result
	}{
		{"flags after the glob", []string{"dev-*", "-o", "name", "--role", "*SSM*"}, result{0, "dev-ssm\n", ""}},
		{"flags on both sides", []string{"-o", "name", "dev-*", "--role", "*SSM*"}, result{0, "dev-ssm\n", ""}},
		{"-- then a name that starts with a dash", []string{"-o", "name", "--", "-weird"}, result{0, "-weird\n", ""}},
		{"after -- even -o is a name glob", []string{"--", "-o"}, result{1, "", "error: no profile matches \"-o\"\n"}},
		{"unknown flag after a name is a usage error", []string{"dev-*", "--bogus"},
			result{2, "", "error: flag provided but not defined: -bogus (see --help)\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, runApp(t, env, false, tt.args...)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
