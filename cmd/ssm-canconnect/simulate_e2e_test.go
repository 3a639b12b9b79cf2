package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	e2eSSO  = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ProductionPermissionSet_0123456789abcdef/testuser01"
	e2eInst = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"
	e2eDoc  = "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession"
)

// buildCanconnect compiles the real ssm-canconnect binary.
func buildCanconnect(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ssm-canconnect")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type simRun struct {
	code           int
	stdout, stderr string
}

// runCanconnect runs the binary from testdata/policy with stdin from a file (or nothing).
func runCanconnect(t *testing.T, bin, stdinFile string, args ...string) simRun {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = filepath.Join("..", "..", "testdata", "policy")
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}
	if stdinFile != "" {
		f, err := os.Open(filepath.Join(cmd.Dir, stdinFile))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	code := 0
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return simRun{code, out.String(), errb.String()}
}

// decisionsOf decodes NDJSON Decision records.
func decisionsOf(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("stdout line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

func TestSimulateEndToEnd(t *testing.T) {
	bin := buildCanconnect(t)
	portForward := []string{"simulate", "--policy", "seed000-port-forwarding.json", "--principal", e2eSSO,
		"--action", "ssm:StartSession", "--resource", e2eInst, "--resource", e2eDoc}

	t.Run("allowed: exit 0 and one Decision", func(t *testing.T) {
		r := runCanconnect(t, bin, "", append(portForward, "--resource-tag", "ssmaccess=true")...)
		ds := decisionsOf(t, r.stdout)
		if r.code != 0 || len(ds) != 1 || ds[0]["decision"] != "allowed" || ds[0]["kind"] != "Decision" {
			t.Fatalf("exit %d, stdout %q, stderr %q; want exit 0 and one allowed Decision", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("denied: exit 1 names the missing tag", func(t *testing.T) {
		r := runCanconnect(t, bin, "", portForward...)
		ds := decisionsOf(t, r.stdout)
		if r.code != 1 || len(ds) != 1 || ds[0]["decision"] != "implicit-deny" {
			t.Fatalf("exit %d, stdout %q; want exit 1 and implicit-deny", r.code, r.stdout)
		}
		if diff := cmp.Diff([]any{"ssm:resourceTag/ssmaccess"}, ds[0]["missingContextKeys"]); diff != "" {
			t.Errorf("missingContextKeys (-want +got):\n%s", diff)
		}
	})
	t.Run("table names the failing condition", func(t *testing.T) {
		r := runCanconnect(t, bin, "", append(portForward, "-o", "table", "--context", "ssm:resourceTag/ssmaccess=yes")...)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.code != 1 || len(lines) != 2 || !strings.HasPrefix(lines[0], "ID") {
			t.Fatalf("exit %d, table %q", r.code, r.stdout)
		}
		for _, want := range []string{"implicit-deny", "StartPortForwardingOnTaggedInstances", `ssm:resourceTag/ssmaccess is "yes"`} {
			if !strings.Contains(lines[1], want) {
				t.Errorf("table row %q lacks %q", lines[1], want)
			}
		}
	})
	t.Run("explicit deny by an identity statement", func(t *testing.T) {
		r := runCanconnect(t, bin, "", "simulate", "--policy", "seed003-production-permission-set.json",
			"--principal", e2eSSO, "--action", "ssm:UpdateServiceSetting", "--resource", "*")
		ds := decisionsOf(t, r.stdout)
		if r.code != 1 || len(ds) != 1 || ds[0]["decision"] != "explicit-deny" {
			t.Fatalf("exit %d, stdout %q; want exit 1 and explicit-deny", r.code, r.stdout)
		}
	})
	t.Run("quiet prints nothing", func(t *testing.T) {
		r := runCanconnect(t, bin, "", append(portForward, "-q")...)
		if r.code != 1 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and silence", r.code, r.stdout, r.stderr)
		}
	})
	badInput := []struct {
		name, wantErr string
		args          []string
	}{
		{"invalid policy", "Effect", []string{"simulate", "--policy", "invalid-effect.json", "--principal", e2eSSO, "--action", "ssm:StartSession", "--resource", e2eInst}},
		{"missing policy file", "no such file", []string{"simulate", "--policy", "nope.json", "--principal", e2eSSO, "--action", "ssm:StartSession", "--resource", e2eInst}},
		{"missing action", "--action", []string{"simulate", "--policy", "seed000-port-forwarding.json", "--principal", e2eSSO, "--resource", e2eInst}},
		{"missing principal", "--principal", []string{"simulate", "--policy", "seed000-port-forwarding.json", "--action", "ssm:StartSession", "--resource", e2eInst}},
		{"bad principal", "principal", []string{"simulate", "--policy", "seed000-port-forwarding.json", "--principal", "testuser01", "--action", "ssm:StartSession", "--resource", e2eInst}},
		{"bad context", "KEY=VALUE", []string{"simulate", "--principal", e2eSSO, "--action", "ssm:StartSession", "--resource", e2eInst, "--context", "oops"}},
		{"unknown flag", "flag provided but not defined", []string{"simulate", "--polcy", "x.json"}},
		{"no target names what to give", "name a target (i-..., mi-..., Name=NAME, tag:KEY=VALUE, an IP or DNS name), or use --list", nil},
		{"request flags with --batch", "--policy does not combine with --batch", []string{"simulate", "--batch", "--policy", "seed000-port-forwarding.json"}},
	}
	for _, tt := range badInput {
		t.Run("bad input: "+tt.name, func(t *testing.T) {
			r := runCanconnect(t, bin, "", tt.args...)
			errLines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if r.code != 2 || r.stdout != "" || len(errLines) != 1 || !strings.HasPrefix(errLines[0], "error: ") || !strings.Contains(r.stderr, tt.wantErr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 and one error line with %q", r.code, r.stdout, r.stderr, tt.wantErr)
			}
		})
	}
}

func TestSimulateBatchEndToEnd(t *testing.T) {
	bin := buildCanconnect(t)
	r := runCanconnect(t, bin, "batch-cases.ndjson", "simulate", "--batch")
	type row struct{ ID, Decision string }
	var got []row
	for _, d := range decisionsOf(t, r.stdout) {
		got = append(got, row{d["id"].(string), d["decision"].(string)})
	}
	want := []row{
		{"port-forward-tagged", "allowed"},
		{"port-forward-untagged", "implicit-deny"},
		{"sso-terminate-own-session", "implicit-deny"},
		{"scp-denies-ssm", "explicit-deny"},
		{"kms-default-key-policy", "allowed"},
		{"invalid-policy", "error"},
		{"bad-resource-arn", "error"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("batch decisions (-want +got):\n%s", diff)
	}
	if r.code != 2 {
		t.Errorf("exit %d, want 2: the worst record is an error (bad input)", r.code)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q, want nothing: errors are records in a batch", r.stderr)
	}
}
