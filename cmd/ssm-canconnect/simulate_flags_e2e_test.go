package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Every policy-type flag of the issue, run through the real binary: each
// changes the decision and the reason names the policy type that decided.
func TestSimulatePolicyTypeFlagsEndToEnd(t *testing.T) {
	bin := buildCanconnect(t)
	const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	kms := []string{"simulate", "--resource-policy", "kms-key-policy-default.json", "--principal", e2eSSO,
		"--action", "kms:Decrypt", "--resource", key}
	tests := []struct {
		name, decision, reason string
		extra                  []string
	}{
		{"key policy enables IAM, identity allows", "allowed", "", []string{"--policy", "allow-all.json"}},
		{"key policy enables IAM, no identity policy", "implicit-deny", "no identity-based policy allows kms:Decrypt", nil},
		{"--boundary", "implicit-deny", "the permissions boundary does not allow kms:Decrypt",
			[]string{"--policy", "allow-all.json", "--boundary", "allow-ec2-only.json"}},
		{"--session-policy", "implicit-deny", "the session policy does not allow kms:Decrypt",
			[]string{"--policy", "allow-all.json", "--session-policy", "allow-ec2-only.json"}},
		{"--scp per level, root first", "implicit-deny", "no SCP at level 1 (allow-ec2-only.json) allows kms:Decrypt",
			[]string{"--policy", "allow-all.json", "--scp", "allow-all.json", "--scp", "allow-ec2-only.json"}},
		{"--rcp denies outside the organization", "explicit-deny", "explicitly denied by rcp policy rcp-org-only.json statement EnforceOrgIdentities",
			[]string{"--policy", "allow-all.json", "--rcp", "rcp-org-only.json", "--context", "aws:PrincipalOrgID=o-other"}},
		{"--rcp inside the organization", "allowed", "",
			[]string{"--policy", "allow-all.json", "--rcp", "rcp-org-only.json", "--context", "aws:PrincipalOrgID=o-exampleorgid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCanconnect(t, bin, "", append(kms, tt.extra...)...)
			ds := decisionsOf(t, r.stdout)
			want := map[string]int{"allowed": 0, "implicit-deny": 1, "explicit-deny": 1}[tt.decision]
			if r.code != want || len(ds) != 1 || ds[0]["decision"] != tt.decision {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %s", r.code, r.stdout, r.stderr, want, tt.decision)
			}
			res := ds[0]["resources"].([]any)[0].(map[string]any)
			if tt.reason != "" && res["reason"] != tt.reason {
				t.Errorf("reason %q, want %q", res["reason"], tt.reason)
			}
		})
	}
}

// Repeatable flags are repeated, never split at commas: tag and context
// values may hold one.
func TestSimulateFlagValuesKeepCommas(t *testing.T) {
	bin := buildCanconnect(t)
	r := runCanconnect(t, bin, "", "simulate", "--policy", "seed002-abac-session-manager-fixed.json",
		"--principal", e2eSSO, "--action", "ssm:StartSession", "--resource", e2eInst,
		"--principal-tag", "AppGroupName=web,server", "--principal-tag", "ReleaseId=1.0", "--principal-tag", "AppId=ABC",
		"--resource-tag", "APP_GROUP_NAME=web,server", "--resource-tag", "RELEASE_ID=1.0", "--resource-tag", "APP_ID=ABC")
	ds := decisionsOf(t, r.stdout)
	if r.code != 0 || len(ds) != 1 || ds[0]["decision"] != "allowed" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want allowed: the tag value web,server is one value", r.code, r.stdout, r.stderr)
	}
}

// A path that is not a policy file (a device, a huge file) is one error line,
// never a hang or an exhausted memory.
func TestSimulateRefusesHugePolicyFile(t *testing.T) {
	bin := buildCanconnect(t)
	r := runCanconnect(t, bin, "", "simulate", "--policy", "/dev/zero", "--principal", e2eSSO,
		"--action", "ssm:StartSession", "--resource", e2eInst)
	if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "larger than 1 MiB") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 and one error line", r.code, r.stdout, r.stderr)
	}
}

// --batch on a terminal would wait for input that never comes: one error
// line instead. util-linux `script` gives the binary a real terminal.
func TestSimulateBatchRefusesATerminal(t *testing.T) {
	bin := buildCanconnect(t)
	scriptBin, err := exec.LookPath("script")
	if err != nil {
		t.Fatalf("util-linux script is needed to give the binary a terminal: %v", err)
	}
	cmd := exec.Command(scriptBin, "-qec", bin+" simulate --batch", "/dev/null")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "error: --batch reads one JSON case per line from stdin") {
		t.Fatalf("exit %v, output %q; want exit 2 and one error line", err, out)
	}
}

// Ctrl-C stops a batch that waits on a pipe that never closes: exit 130.
func TestSimulateBatchInterrupted(t *testing.T) {
	bin := buildCanconnect(t)
	cmd := exec.Command(bin, "simulate", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// One case answered proves the tool runs (and handles signals) before Ctrl-C.
	line := `{"id":"one","request":{"principal":"` + e2eSSO + `","action":"ssm:StartSession","resources":["` + e2eInst + `"]}}` + "\n"
	if _, err := io.WriteString(stdin, line); err != nil {
		t.Fatal(err)
	}
	first, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.Contains(first, `"id":"one"`) {
		t.Fatalf("first record %q, %v", first, err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("wait: %v; want exit 130", err)
	}
}

// On a terminal the default output is the table, the decision coloured, the
// deciding statements of both resources in the WHY column.
func TestSimulateTableOnATerminal(t *testing.T) {
	bin := buildCanconnect(t)
	scriptBin, err := exec.LookPath("script")
	if err != nil {
		t.Fatalf("util-linux script is needed to give the binary a terminal: %v", err)
	}
	args := bin + " simulate --policy seed000-port-forwarding.json --principal " + e2eSSO +
		" --action ssm:StartSession --resource " + e2eInst + " --resource " + e2eDoc + " --resource-tag ssmaccess=true"
	cmd := exec.Command(scriptBin, "-qec", args, "/dev/null")
	cmd.Dir = "../../testdata/policy"
	cmd.Env = []string{"PATH=/usr/bin:/bin", "TERM=xterm", "HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	text := string(out)
	for _, want := range []string{"ID", "DECISION", "\x1b[", "allowed",
		"statement StartPortForwardingOnTaggedInstances", "statement PortForwardingDocumentOnly"} {
		if !strings.Contains(text, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, text)
		}
	}
}

// One flag rule in every tool: the shared flags may come before the command
// name or after it, among the request flags, with the same answer.
func TestSimulateFlagsEitherSide(t *testing.T) {
	bin := buildCanconnect(t)
	const policy, action = "seed000-port-forwarding.json", "ssm:StartSession"
	for _, args := range [][]string{
		{"simulate", "-o", "json", "--policy", policy, "--principal", e2eSSO, "--action", action, "--resource", e2eInst, "--resource-tag", "ssmaccess=true"},
		{"simulate", "--policy", policy, "--principal", e2eSSO, "--action", action, "--resource", e2eInst, "--resource-tag", "ssmaccess=true", "-o", "json"},
		{"-o", "json", "simulate", "--policy", policy, "--principal", e2eSSO, "--action", action, "--resource", e2eInst, "--resource-tag", "ssmaccess=true"},
		{"--policy", policy, "--output=json", "simulate", "--principal", e2eSSO, "--action", action, "--resource", e2eInst, "--resource-tag", "ssmaccess=true"},
	} {
		r := runCanconnect(t, bin, "", args...)
		var d map[string]any
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &d) != nil || d["decision"] != "allowed" || !strings.HasPrefix(r.stdout, "{\n  \"kind\"") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 0 and one indented JSON Decision", args, r.code, r.stdout, r.stderr)
		}
	}
}
