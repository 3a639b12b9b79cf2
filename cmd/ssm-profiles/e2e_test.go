package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
)

// buildBinary compiles the real ssm-profiles once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ssm-profiles")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// fixtureHome copies a testdata/config fixture into a fresh HOME, with SSO
// tokens written relative to the real clock (the binary reads time.Now).
func fixtureHome(t *testing.T, fixture string, tokens map[string]time.Duration) string {
	t.Helper()
	h := t.TempDir()
	aws := filepath.Join(h, ".aws")
	if err := os.MkdirAll(filepath.Join(aws, "sso", "cache"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"config", "credentials"} {
		b, err := os.ReadFile(filepath.Join("../../testdata/config", fixture, f))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(aws, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for key, d := range tokens {
		body := `{"accessToken":"E2E-SECRET-TOKEN","expiresAt":"` + time.Now().Add(d).UTC().Format(time.RFC3339) + `"}`
		if err := os.WriteFile(filepath.Join(aws, "sso", "cache", ssocache.Key(key)+".json"), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func runBinary(t *testing.T, bin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=/usr/bin:/bin"}, env...)
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
	if strings.Contains(out.String()+errb.String(), "E2E-SECRET-TOKEN") {
		t.Error("the binary printed the SSO access token")
	}
	return result{code, out.String(), errb.String()}
}

func TestEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	home := fixtureHome(t, "sso-sessions", map[string]time.Duration{"corp": time.Hour, "partner": -time.Hour})
	env := []string{"HOME=" + home}

	t.Run("table, exit 0", func(t *testing.T) {
		got := runBinary(t, bin, env, "-o", "table", "--account", "925774240130")
		lines := strings.Split(strings.TrimSpace(got.Stdout), "\n")
		if got.Code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "NAME ") {
			t.Fatalf("got %+v", got)
		}
		for _, l := range lines[1:] {
			if f := strings.Fields(l); len(f) < 6 || f[2] != "925774240130" || f[5] != "valid" {
				t.Errorf("row %q: want account 925774240130 with a valid token", l)
			}
		}
	})
	t.Run("json, token status from the cache", func(t *testing.T) {
		got := runBinary(t, bin, env, "-o", "json", "partner-ro", "legacy-*")
		dec := json.NewDecoder(strings.NewReader(got.Stdout))
		status := map[string]string{}
		for {
			var r struct {
				Name  string                  `json:"name"`
				Token struct{ Status string } `json:"token"`
				Fix   string                  `json:"fix"`
			}
			if err := dec.Decode(&r); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("not JSON: %v\n%s", err, got.Stdout)
			}
			status[r.Name] = r.Token.Status + " " + r.Fix
		}
		want := map[string]string{
			"partner-ro":     "expired aws sso login --sso-session partner",
			"legacy-sso":     "missing aws sso login --profile legacy-sso",
			"legacy-nologin": "missing aws sso login --profile legacy-nologin",
		}
		if diff := cmp.Diff(want, status); diff != "" || got.Code != 0 {
			t.Errorf("exit %d (-want +got)\n%s", got.Code, diff)
		}
	})
	t.Run("piped output is NDJSON", func(t *testing.T) {
		got := runBinary(t, bin, env)
		lines := strings.Split(strings.TrimSpace(got.Stdout), "\n")
		if len(lines) != 6 {
			t.Fatalf("want 6 records, got %q", got.Stdout)
		}
		for _, l := range lines {
			var r map[string]any
			if err := json.Unmarshal([]byte(l), &r); err != nil || r["kind"] != "Profile" {
				t.Errorf("line %q is not a Profile record", l)
			}
		}
	})
	t.Run("-o name for --profile", func(t *testing.T) {
		got := runBinary(t, bin, env, "-o", "name", "--account", "925774240130", "--role", "*SSM*")
		if diff := cmp.Diff(result{0, "CASTSoftware-dev-ssm\n", ""}, got); diff != "" {
			t.Errorf("(-want +got)\n%s", diff)
		}
	})
	t.Run("no match, exit 1", func(t *testing.T) {
		got := runBinary(t, bin, env, "--account", "123456789012")
		if got.Code != 1 || got.Stdout != "" || !strings.HasPrefix(got.Stderr, "error: no profile matches --account 123456789012") {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("malformed config, exit 2", func(t *testing.T) {
		bad, _ := filepath.Abs("../../testdata/config/malformed-duplicate/config")
		got := runBinary(t, bin, append(env, "AWS_CONFIG_FILE="+bad))
		want := result{2, "", "error: " + bad + ":5: section [profile a] appears twice (first on line 1); merge them\n"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got)\n%s", diff)
		}
	})
	t.Run("unknown flag, exit 2", func(t *testing.T) {
		if got := runBinary(t, bin, env, "--acount", "1"); got.Code != 2 {
			t.Errorf("got %+v", got)
		}
	})
}
