package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// The --as-user tests run the built binary against the sandbox's Identity
// Center, as a person would with a profile of the instance's account.

var (
	icBuildOnce sync.Once
	icBin       string
	icBuildErr  error
)

// icBinary builds ssm-canconnect once for these tests.
func icBinary(t *testing.T) string {
	t.Helper()
	icBuildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ssm-canconnect-ic-")
		if err != nil {
			icBuildErr = err
			return
		}
		icBin = dir + "/ssm-canconnect"
		if out, err := exec.Command("go", "build", "-o", icBin, ".").CombinedOutput(); err != nil {
			icBuildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if icBuildErr != nil {
		t.Fatal(icBuildErr)
	}
	return icBin
}

// icWorld is a sandbox with a profile "ic-admin" of the Identity Center
// account (static keys of its OrganizationAccountAccessRole), as an
// administrator of the management account would have.
type icWorld struct {
	env *sandbox.Env
	bin string
	url string // gateway URL the tool talks to
}

func startIC(t *testing.T, scenario, icAccount, region string) *icWorld {
	t.Helper()
	env := sandbox.StartT(t, scenario)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	creds, err := env.AccountCredentials(ctx, icAccount)
	if err != nil {
		t.Fatal(err)
	}
	appendFile(t, env.Local.Credentials, fmt.Sprintf("\n[ic-admin]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n",
		creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken))
	appendFile(t, env.Local.Config, "\n[profile ic-admin]\nregion = "+region+"\n")
	return &icWorld{env: env, bin: icBinary(t), url: env.URL}
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// run runs ssm-canconnect with NDJSON output against the world's gateway.
func (w *icWorld) run(t *testing.T, args ...string) simRun {
	t.Helper()
	cmd := exec.Command(w.bin, append([]string{"-o", "ndjson", "--no-cache"}, args...)...)
	var env []string
	for _, kv := range w.env.Environ(os.Environ()) {
		if strings.HasPrefix(kv, "AWS_ENDPOINT_URL") {
			k, _, _ := strings.Cut(kv, "=")
			kv = k + "=" + w.url
		}
		env = append(env, kv)
	}
	cmd.Env = env
	cmd.Stdin = strings.NewReader("")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return simRun{code, out.String(), errb.String()}
}

// field walks a decoded record: field(rec, "principal", "user", "userName").
func field(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any, path ...any) string {
	s, _ := field(v, path...).(string)
	return s
}

// setNamed returns the permissionSets[] entry with that name, or nil.
func setNamed(rec map[string]any, name string) map[string]any {
	l, _ := rec["permissionSets"].([]any)
	for _, e := range l {
		if m, _ := e.(map[string]any); str(m, "name") == name {
			return m
		}
	}
	return nil
}

func fixTexts(rec map[string]any) []string {
	var out []string
	l, _ := rec["fixes"].([]any)
	for _, f := range l {
		out = append(out, str(f, "text"))
	}
	return out
}

func checkOf(rec map[string]any, id string) map[string]any {
	l, _ := rec["checks"].([]any)
	for _, c := range l {
		if m, _ := c.(map[string]any); str(m, "id") == id {
			return m
		}
	}
	return nil
}

func mustReadOnly(t *testing.T, env *sandbox.Env) {
	t.Helper()
	bad, err := audit.NonReadOnly(env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("ssm-canconnect --as-user made non-read-only calls: %+v", bad)
	}
}

func TestAsUserSeedE2E(t *testing.T) {
	w := startIC(t, "seed", "717279730613", "eu-west-1")
	base := []string{"--profile", "cast-dev-admin", "--identity-center-profile", "ic-admin"}

	t.Run("both users, port forwarding", func(t *testing.T) {
		r := w.run(t, append(base, "--as-user", "a-a836660", "--as-user", "a-a837172", "--session", "port-forward", "Name=cast-dev-app01")...)
		os.WriteFile("/tmp/w10/out.ndjson", []byte(r.stdout), 0o644)
	})
}
