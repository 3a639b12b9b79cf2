package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/output"
)

var now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

const awsConfig = `[profile discovery-access]
sso_session = fitfile
sso_account_id = 135808916559
sso_role_name = DiscoveryEngineeringAccess
region = eu-west-2
[profile expired]
sso_session = old
sso_account_id = 135808916559
sso_role_name = R
region = eu-west-2
[sso-session fitfile]
sso_start_url = https://d-9c677d0fd8.awsapps.com/start
sso_region = eu-west-2
[sso-session old]
sso_start_url = https://d-1.awsapps.com/start
sso_region = eu-west-2
`

// machine is a temp HOME with an AWS config, an SSO token cache and an ssh
// config, and a fake PATH.
type machine struct {
	home  string
	progs fakePrograms
}

func newMachine(t *testing.T, sshConfig string) *machine {
	t.Helper()
	home := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(home, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(".aws/config", awsConfig)
	token := func(session string, exp time.Time) {
		sum := sha1.Sum([]byte(session))
		write(".aws/sso/cache/"+hex.EncodeToString(sum[:])+".json", `{"accessToken":"SECRETTOKEN","expiresAt":"`+exp.Format(time.RFC3339)+`"}`)
	}
	token("fitfile", now.Add(time.Hour))
	token("old", now.Add(-time.Hour))
	write(".ssh/config", sshConfig)
	return &machine{home: home, progs: fakePrograms{"aws": "aws-cli/2.15.30 Python/3.11.8 Linux/6.1\n",
		"session-manager-plugin": "1.2.896.0\n", "ssh": "OpenSSH_9.2p1 Debian-2\n"}}
}

type fakePrograms map[string]string

func (f fakePrograms) LookPath(name string) (string, error) {
	if _, ok := f[name]; ok {
		return "/fake/" + name, nil
	}
	return "", errors.New("executable file not found in $PATH")
}

func (f fakePrograms) Output(_ context.Context, path string, _ ...string) ([]byte, error) {
	return []byte(f[strings.TrimPrefix(path, "/fake/")]), nil
}

func (m *machine) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	d := deps{env: func(k string) string {
		if k == "HOME" {
			return m.home
		}
		return ""
	}, home: func() (string, error) { return m.home, nil }, now: func() time.Time { return now }, programs: m.progs}
	var out, errw bytes.Buffer
	s := output.Streams{In: strings.NewReader(""), Out: &out, Err: &errw}
	code := cmdutil.RunContext(context.Background(), newAppWith(d), append([]string{"ssm-readiness"}, args...), s)
	return code, out.String(), errw.String()
}

const seed001 = `Host jumphost-ssm
    ProxyCommand sh -c "aws ssm start-session --target %h --region eu-west-2 --profile eoe-hie --document-name AWS-StartSSHSession --parameters 'portNumber=22'"
`

func localChecks(t *testing.T, stdout string) map[string]string {
	t.Helper()
	var rec struct {
		Kind, Scope, Verdict string
		Checks               []struct{ ID, Status string }
		Fixes                []string
	}
	if err := json.Unmarshal([]byte(stdout), &rec); err != nil {
		t.Fatalf("stdout %q: %v", stdout, err)
	}
	got := map[string]string{"kind": rec.Kind, "scope": rec.Scope, "verdict": rec.Verdict}
	for _, c := range rec.Checks {
		got[c.ID] = c.Status
	}
	return got
}

func TestLocalReady(t *testing.T) {
	m := newMachine(t, strings.ReplaceAll(seed001, "eoe-hie", "discovery-access"))
	code, out, errOut := m.run(t, "--local")
	got := localChecks(t, out)
	if code != 0 || got["verdict"] != "ready" || got["local.ssh-config"] != "pass" || got["scope"] != "local" || got["kind"] != "Readiness" {
		t.Errorf("exit %d, %v, stderr %q", code, got, errOut)
	}
}

// Seed 001: the ProxyCommand names a profile this machine does not have.
func TestLocalWrongProxyProfile(t *testing.T) {
	m := newMachine(t, seed001)
	code, out, _ := m.run(t, "--local")
	got := localChecks(t, out)
	if code != 1 || got["local.ssh-config"] != "fail" || !strings.Contains(out, "change --profile in config:1") {
		t.Errorf("exit %d, %v\n%s", code, got, out)
	}
}

func TestLocalOldPluginAndExpiredProfile(t *testing.T) {
	m := newMachine(t, strings.ReplaceAll(seed001, "eoe-hie", "expired"))
	m.progs["session-manager-plugin"] = "1.2.707.0\n"
	delete(m.progs, "ssh")
	code, out, _ := m.run(t, "--local", "-o", "markdown")
	for _, want := range []string{"## This machine: not-ready", "| local.session-manager-plugin | fail | session-manager-plugin 1.2.707.0 is older than the minimum 1.2.764.0 |",
		"| local.ssh | warn |", "aws sso login --sso-session old"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	if code != 1 || strings.Contains(out, "SECRETTOKEN") {
		t.Errorf("exit %d", code)
	}
}

func TestBadUsage(t *testing.T) {
	m := newMachine(t, "")
	for _, args := range [][]string{{}, {"--local", "--expect-tag", "novalue"}, {"--local", "--session", "rdp"},
		{"--local", "--min-agent-version", "x.y"}, {"--all", "i-0abc"}, {"--local", "-o", "xml"}} {
		code, out, errOut := m.run(t, args...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, "error: ") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and one error line", args, code, out, errOut)
		}
	}
	m = newMachine(t, "Host a\n  User \"unterminated\n")
	if code, _, errOut := m.run(t, "--local"); code != 2 || !strings.Contains(errOut, "config:2: unterminated quote") {
		t.Errorf("a malformed ssh config: exit %d, stderr %q", code, errOut)
	}
}
