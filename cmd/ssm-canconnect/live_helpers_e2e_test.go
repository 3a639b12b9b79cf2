package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// The live end-to-end tests run the built ssm-canconnect (and ssm-profiles,
// for pipelines) against the sandbox, in bash pipelines as a user types them,
// and check every run against the gateway's audit log.

// liveScenario is the repository's scenario with a connected instance, a
// refused KMS read and names holding shell metacharacters.
const liveScenario = "../../testdata/canconnect/live.yaml"

// buildLive compiles ssm-canconnect and ssm-profiles into one directory,
// with a stub session-manager-plugin beside them (the pre-flight looks for it).
func buildLive(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", dir+"/", ".", "../ssm-profiles").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "session-manager-plugin"), []byte("#!/bin/sh\necho 1.2.707.0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

type liveRun struct {
	script         string
	code           int
	stdout, stderr string
	calls          []audit.Call // the audit log's lines this run added
}

// liveScript runs a bash pipeline of the built tools with the sandbox's
// environment and extra variables (later ones win), stdin /dev/null. The
// deadline only guards against a hang; nothing is timed.
func liveScript(t *testing.T, env *sandbox.Env, bin, script string, extra ...string) liveRun {
	t.Helper()
	before := auditLen(t, env)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-o", "pipefail", "-c", script)
	cmd.Dir = t.TempDir() // a command that escaped its quoting would leave files here
	cmd.Env = append(env.Environ(os.Environ()), "PATH="+bin+":/usr/bin:/bin", "NO_COLOR=1")
	cmd.Env = append(cmd.Env, extra...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s: did not finish: %v", script, ctx.Err())
	}
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	if left, _ := os.ReadDir(cmd.Dir); len(left) > 0 {
		t.Errorf("%s: left %s in its working directory: something was executed that should not have been", script, left[0].Name())
	}
	r := liveRun{script: script, code: code, stdout: out.String(), stderr: errb.String()}
	r.calls = auditSince(t, env, before)
	checkCalls(t, r)
	return r
}

func auditLen(t *testing.T, env *sandbox.Env) int {
	t.Helper()
	calls, err := audit.ReadFile(env.AuditPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return len(calls)
}

func auditSince(t *testing.T, env *sandbox.Env, n int) []audit.Call {
	t.Helper()
	calls, err := audit.ReadFile(env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	return calls[n:]
}

// checkCalls holds every run to the read-only rule and to batch reads: no
// operation is called once per instance (a handful of calls at most, retries
// of a faulted call included).
func checkCalls(t *testing.T, r liveRun) {
	t.Helper()
	for _, c := range audit.Mutating(r.calls) {
		t.Errorf("%s: mutating AWS call %s:%s", r.script, c.Service, c.Operation)
	}
	per := map[string]int{}
	for _, c := range r.calls {
		per[c.Service+":"+c.Operation]++
	}
	for op, n := range per {
		// AWS's simulator takes one set of context entries per call, and each
		// target brings its own tags, so the live check asks it once per
		// target and session kind (--list and --preflight never ask).
		if n > maxPerOperation && op != "iam:SimulatePrincipalPolicy" {
			t.Errorf("%s: %d calls of %s: a per-target call storm", r.script, n, op)
		}
	}
}

// maxPerOperation bounds calls of one operation in one run: one per page,
// principal and region, plus the SDK's retries (3 attempts) of a faulted call.
const maxPerOperation = 8

func callsOf(calls []audit.Call, op string) int {
	n := 0
	for _, c := range calls {
		if c.Service+":"+c.Operation == op {
			n++
		}
	}
	return n
}

// accessCheck is the part of an AccessCheck record the tests read.
type accessCheck struct {
	Kind      string `json:"kind"`
	Principal struct {
		Profile, ARN, Type, PermissionSet string
	} `json:"principal"`
	Target struct {
		Spec, ID, Name, PingStatus, Connection string
	} `json:"target"`
	Session struct {
		Kind, Document  string
		DefaultDocument bool
	} `json:"session"`
	Permission string `json:"permission"`
	Decision   string `json:"decision"`
	Reason     string `json:"reason"`
	Checks     []struct {
		ID, Status, Reason string
		Evidence           json.RawMessage
		Fixes              []struct{ Text, Command, Where string }
	} `json:"checks"`
	Fixes []struct{ Text, Command, Where string } `json:"fixes"`
}

// check returns the check with id, failing the test when it is missing.
func (a accessCheck) check(t *testing.T, id string) (status, reason, evidence string) {
	t.Helper()
	for _, c := range a.Checks {
		if c.ID == id {
			return c.Status, c.Reason, string(c.Evidence)
		}
	}
	t.Fatalf("%s %s %s: no %s check in %+v", a.Principal.Profile, a.Target.Name, a.Session.Kind, id, a.Checks)
	return "", "", ""
}

// accessChecks decodes NDJSON AccessCheck records.
func accessChecks(t *testing.T, r liveRun) []accessCheck {
	t.Helper()
	var out []accessCheck
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if line == "" {
			continue
		}
		var a accessCheck
		if err := json.Unmarshal([]byte(line), &a); err != nil || a.Kind != "AccessCheck" {
			t.Fatalf("%s: stdout line is not an AccessCheck record (%v): %q", r.script, err, line)
		}
		out = append(out, a)
	}
	return out
}

// findRecord returns the record for profile ("": any), target name and session kind.
func findRecord(t *testing.T, recs []accessCheck, profile, name, kind string) accessCheck {
	t.Helper()
	for _, a := range recs {
		if (profile == "" || a.Principal.Profile == profile) && a.Target.Name == name && a.Session.Kind == kind {
			return a
		}
	}
	t.Fatalf("no record for %s on %s (%s) among %d", profile, name, kind, len(recs))
	return accessCheck{}
}

// wantOneLine fails unless stderr is exactly one line starting with prefix.
func wantOneLine(t *testing.T, r liveRun, prefix string) {
	t.Helper()
	s := strings.TrimSuffix(r.stderr, "\n")
	if s == "" || strings.Contains(s, "\n") || !strings.HasPrefix(s, prefix) {
		t.Errorf("%s: stderr should be one %q line, got %q", r.script, prefix, r.stderr)
	}
}
