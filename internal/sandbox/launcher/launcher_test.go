package launcher

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRunPrintsEnvironmentThenReadyAndCleansUp(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	envFile := t.TempDir() + "/sandbox.env"
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"--scenario", "seed", "--fault", "ssm:DescribeSessions=throttle", "--env-file", envFile}, pw, &stderr)
		pw.Close()
	}()
	vars := map[string]string{}
	var first string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		if first == "" {
			first = line
		}
		if line == "ready" {
			break
		}
		if kv, ok := strings.CutPrefix(line, "export "); ok {
			k, v, _ := strings.Cut(kv, "=")
			vars[k] = strings.Trim(v, "'")
		}
	}
	if !strings.HasPrefix(first, "unset AWS_ACCESS_KEY_ID") {
		t.Errorf("first line = %q, want the unset line", first)
	}
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSO", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "HOME"} {
		if vars[k] == "" {
			t.Errorf("no export of %s (stderr: %s)", k, stderr.String())
		}
	}
	// Profiles carry their regions: an exported region would override every one of them.
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if _, ok := vars[k]; ok {
			t.Errorf("%s is exported: it would override every profile's region", k)
		}
	}
	if _, err := os.Stat(vars["AWS_CONFIG_FILE"]); err != nil {
		t.Errorf("config file not written: %v", err)
	}
	if raw, err := os.ReadFile(envFile); err != nil || !strings.Contains(string(raw), "export AWS_ENDPOINT_URL_SSO=") {
		t.Errorf("--env-file: %v %q", err, raw)
	}
	go io.Copy(io.Discard, pr)
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code after SIGINT-like cancel = %d, want 0", code)
	}
	if _, err := os.Stat(envFile); !os.IsNotExist(err) {
		t.Errorf("--env-file %s survives shutdown", envFile)
	}
	if _, err := os.Stat(vars["HOME"]); !os.IsNotExist(err) {
		t.Errorf("HOME %s survives shutdown", vars["HOME"])
	}
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(vars["AWS_ENDPOINT_URL"], "http://"), time.Second); err == nil {
		c.Close()
		t.Error("gateway still listening after shutdown")
	}
}

func TestRunBadInputIsOneErrorLinePerProblemAndExitTwo(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: x\naccounts:\n  - id: \"1\"\n  - id: \"2\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := map[string][]string{
		"unknown scenario":                {"--scenario", "atlantis"},
		"bad fault":                       {"--fault", "ssm:X=explode"},
		"stray argument":                  {"seed"},
		"unknown flag":                    {"--colour"},
		"audit in a missing directory":    {"--audit", "/nonexistent-ssm-sandbox/audit.jsonl"},
		"env file in a missing directory": {"--env-file", "/nonexistent-ssm-sandbox/sandbox.env"},
		"negative fleet size":             {"--fleet-size", "-1"},
		"scenario with two problems":      {"--scenario", bad},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), args, &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
			want := 1
			if name == "scenario with two problems" {
				want = 2 // one `error: file:line: ...` line per problem
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if len(lines) != want {
				t.Errorf("stderr = %q, want %d error: lines", stderr.String(), want)
			}
			for i, line := range lines {
				if !strings.HasPrefix(line, "error: ") {
					t.Errorf("stderr line %d = %q, want an error: line", i+1, line)
				}
			}
			if want == 2 && !(strings.HasPrefix(lines[0], "error: "+bad+":3: ") && strings.HasPrefix(lines[1], "error: "+bad+":4: ")) {
				t.Errorf("stderr = %q, want each problem on its own line with its file:line", stderr.String())
			}
		})
	}
}

func TestShellQuote(t *testing.T) {
	tests := map[string]string{"http://127.0.0.1:1": "http://127.0.0.1:1", "": "''", "a b": "'a b'", "it's": `'it'\''s'`}
	for in, want := range tests {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}
