package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// TestPreflightEndToEnd runs the ProxyCommand pre-flight as ssh would, on
// the live scenario: each failure mode is one stderr line and its exit code,
// an unknown answer connects with a warning, a yes is cached so the next
// connection makes no AWS call, and stdin (ssh's connection) is never read.
func TestPreflightEndToEnd(t *testing.T) {
	env := sandbox.StartT(t, liveScenario)
	bin := buildLive(t)
	quote01 := ""
	for name, id := range env.Seeded.InstanceIDs {
		if strings.HasPrefix(name, "quote01") {
			quote01 = id
		}
	}
	pre := "ssm-canconnect --preflight --session ssh "

	// No session-manager-plugin: aws ssm start-session could not open anything.
	noPlugin := t.TempDir()
	if err := os.Symlink(filepath.Join(bin, "ssm-canconnect"), filepath.Join(noPlugin, "ssm-canconnect")); err != nil {
		t.Fatal(err)
	}
	r := liveScript(t, env, bin, pre+"--profile ops Name=web01", "PATH="+noPlugin+":/usr/bin:/bin")
	if r.code != 1 || len(r.calls) != 0 || r.stdout != "" {
		t.Errorf("no plugin: exit %d, %d calls, stdout %q", r.code, len(r.calls), r.stdout)
	}
	wantOneLine(t, r, "error: session-manager-plugin is not on PATH")

	// An expired login: exit 4 naming the login command, quoted for the shell, before any call.
	const stale = "stale$(id)`id`;x"
	r = liveScript(t, env, bin, pre+"--profile 'stale$(id)`id`;x' Name=web01")
	if r.code != 4 || len(r.calls) != 0 || !strings.Contains(r.stderr, "aws sso login --profile 'stale$(id)`id`;x'") {
		t.Errorf("expired login: exit %d, %d calls, stderr %q", r.code, len(r.calls), r.stderr)
	}
	wantOneLine(t, r, "error: ")
	// Pasting the printed command runs aws with the name as one argument, and nothing else.
	login := strings.TrimSpace(r.stderr[strings.Index(r.stderr, "aws sso login"):])
	pasted := liveScript(t, env, bin, "aws() { printf '%s\\n' \"$@\"; }; "+login)
	if want := "sso\nlogin\n--profile\n" + stale + "\n"; pasted.stdout != want {
		t.Errorf("the pasted login command %q runs aws with %q, want %q", login, pasted.stdout, want)
	}

	// The ssh config for that profile: ssh expands %h and %p and runs the
	// ProxyCommand with sh -c; stubs record the arguments each program gets.
	r = liveScript(t, env, bin, "ssm-canconnect ssh-config --profile 'stale$(id)`id`;x'")
	proxy := ""
	for _, line := range strings.Split(r.stdout, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "ProxyCommand "); ok {
			proxy = strings.NewReplacer("%h", "i-0123456789abcdef0", "%p", "22").Replace(rest)
		}
	}
	if r.code != 0 || proxy == "" {
		t.Fatalf("ssh-config: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	stubs := t.TempDir()
	for _, name := range []string{"ssm-canconnect", "aws"} {
		script := "#!/bin/sh\nprintf '%s\\n' " + name + " \"$@\" >>" + filepath.Join(stubs, "args") + "\n"
		if err := os.WriteFile(filepath.Join(stubs, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ran := liveScript(t, env, stubs, "sh -c "+shellQuote(proxy))
	args, _ := os.ReadFile(filepath.Join(stubs, "args"))
	if ran.code != 0 || !strings.Contains(string(args), "\n--profile\n"+stale+"\n") || strings.Contains(string(args), "uid=") {
		t.Errorf("the ProxyCommand %q ran (exit %d) with arguments:\n%s", proxy, ran.code, args)
	}

	// A definite no: the statement scoping ops to team=ops, with the fix.
	r = liveScript(t, env, bin, pre+"--profile ops Name=db01")
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "ssm:resourceTag/team") {
		t.Errorf("denied: exit %d, stderr %q", r.code, r.stderr)
	}
	wantOneLine(t, r, "error: cannot start the ssh session on i-")

	// A target that cannot take sessions (its Name tag holds shell syntax: never run).
	r = liveScript(t, env, bin, pre+"--profile ops "+quote01)
	if r.code != 1 || !strings.Contains(r.stderr, "not connected") {
		t.Errorf("not connected: exit %d, stderr %q", r.code, r.stderr)
	}
	wantOneLine(t, r, "error: cannot start the ssh session on "+quote01)

	// Unknown (the KMS key policy is unreadable to ops) connects anyway, with a warning.
	r = liveScript(t, env, bin, "ssm-canconnect --preflight --profile ops Name=web01")
	if r.code != 0 || !strings.Contains(r.stderr, "kms:GetKeyPolicy") {
		t.Errorf("unknown: exit %d, stderr %q", r.code, r.stderr)
	}
	wantOneLine(t, r, "warning: could not confirm access")

	// A yes prints nothing and is cached: the next connection makes no AWS call.
	r = liveScript(t, env, bin, pre+"--profile ops Name=web01")
	if r.code != 0 || r.stdout != "" || r.stderr != "" || len(r.calls) == 0 {
		t.Errorf("yes: exit %d, %d calls, stdout %q, stderr %q", r.code, len(r.calls), r.stdout, r.stderr)
	}
	r = liveScript(t, env, bin, pre+"--profile ops Name=web01")
	if r.code != 0 || r.stderr != "" || len(r.calls) != 0 {
		t.Errorf("cached yes: exit %d, %d AWS calls (want none), stderr %q", r.code, len(r.calls), r.stderr)
	}
	r = liveScript(t, env, bin, pre+"--no-cache --profile ops Name=web01")
	if r.code != 0 || len(r.calls) == 0 {
		t.Errorf("--no-cache: exit %d, %d AWS calls (want some)", r.code, len(r.calls))
	}
	// As ssh passes it (%h, an instance id): the connection status is asked once.
	r = liveScript(t, env, bin, pre+"--no-cache --profile ops "+env.Seeded.InstanceIDs["web01"])
	if r.code != 0 || r.stderr != "" || callsOf(r.calls, "ssm:GetConnectionStatus") != 1 {
		t.Errorf("by id: exit %d, %d GetConnectionStatus calls (want 1), stderr %q", r.code, callsOf(r.calls, "ssm:GetConnectionStatus"), r.stderr)
	}

	// stdin is ssh's connection: a socket that never speaks, or a terminal, is never read.
	for _, viaTerminal := range []bool{false, true} {
		code, stderr := preflightWithSilentStdin(t, env, bin, viaTerminal, "--no-cache", "--profile", "ops", "--session", "ssh", "Name=db01")
		if code != 1 || !strings.Contains(stderr, "cannot start the ssh session") {
			t.Errorf("stdin a socket (terminal %v): exit %d, stderr %q", viaTerminal, code, stderr)
		}
	}

	// A hang ends at --timeout: the pre-flight connects anyway, with a warning.
	gw, err := env.StartGateway(scenario.Fault{Operation: "ssm:*", Kind: scenario.FaultHang})
	if err != nil {
		t.Fatal(err)
	}
	r = liveScript(t, env, bin, pre+"--no-cache --timeout 2s --profile ops Name=web01", endpoint(gw.URL)...)
	if r.code != 0 {
		t.Errorf("hang: exit %d, stderr %q", r.code, r.stderr)
	}
	wantOneLine(t, r, "warning: ")
}

// endpoint points every AWS client (SSO portal and STS included) at url.
func endpoint(url string) []string {
	return []string{"AWS_ENDPOINT_URL=" + url, "AWS_ENDPOINT_URL_SSO=" + url, "AWS_ENDPOINT_URL_STS=" + url}
}

// preflightWithSilentStdin runs the pre-flight with stdin one end of a
// socket pair whose other end stays open and silent, as ssh's connection is
// before the session starts; with viaTerminal, util-linux script puts a
// terminal between them. Reading stdin would block until the test's guard.
func preflightWithSilentStdin(t *testing.T, env *sandbox.Env, bin string, viaTerminal bool, args ...string) (int, string) {
	t.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	ours, theirs := os.NewFile(uintptr(fds[0]), "ssh-side"), os.NewFile(uintptr(fds[1]), "stdin")
	defer ours.Close()
	defer theirs.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name, argv := filepath.Join(bin, "ssm-canconnect"), append([]string{"--preflight"}, args...)
	if viaTerminal {
		scriptBin, err := exec.LookPath("script")
		if err != nil {
			t.Fatalf("util-linux script is needed to give the binary a terminal: %v", err)
		}
		name, argv = scriptBin, []string{"-qec", filepath.Join(bin, "ssm-canconnect") + " --preflight " + strings.Join(args, " ") + " 2>&1", "/dev/null"}
	}
	cmd := exec.CommandContext(ctx, name, argv...)
	cmd.Env = append(env.Environ(os.Environ()), "PATH="+bin+":/usr/bin:/bin", "NO_COLOR=1")
	cmd.Stdin = theirs
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("the pre-flight (terminal %v) blocked on stdin", viaTerminal)
	}
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String()
}

// TestLiveFaultsEndToEnd: the live check under the sandbox's faults.
// Throttling is retried to the same answer; 5xx and connection resets make
// the check they feed unknown (exit 3); AccessDenied on a service's reads
// makes its check unknown, naming the permission; a hang ends at --timeout
// with one line. Every run is checked against the audit log (liveScript).
func TestLiveFaultsEndToEnd(t *testing.T) {
	env := sandbox.StartT(t, liveScenario)
	bin := buildLive(t)
	const ask = "ssm-canconnect --no-cache --profile admin Name=web01"

	r := liveScript(t, env, bin, ask)
	if recs := accessChecks(t, r); r.code != 0 || len(recs) != 1 || recs[0].Decision != "allowed" {
		t.Fatalf("without faults: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	faulty := func(f scenario.Fault) []string {
		gw, err := env.StartGateway(f)
		if err != nil {
			t.Fatal(err)
		}
		return endpoint(gw.URL)
	}
	r = liveScript(t, env, bin, ask, faulty(scenario.Fault{Operation: "ec2:DescribeInstances", Kind: scenario.FaultThrottle, Times: 2})...)
	if recs := accessChecks(t, r); r.code != 0 || len(recs) != 1 || recs[0].Decision != "allowed" || callsOf(r.calls, "ec2:DescribeInstances") < 3 {
		t.Errorf("throttled twice: exit %d, %d DescribeInstances calls, want the same yes after retries\n%s", r.code, callsOf(r.calls, "ec2:DescribeInstances"), r.stderr)
	}

	for _, c := range []struct {
		fault     scenario.Fault
		check, op string
	}{
		{scenario.Fault{Operation: "ssm:GetConnectionStatus", Kind: scenario.Fault500}, "target", "SSM GetConnectionStatus: InternalServerError"},
		{scenario.Fault{Operation: "ssm:GetConnectionStatus", Kind: scenario.Fault503}, "target", "SSM GetConnectionStatus: ServiceUnavailable"},
		{scenario.Fault{Operation: "iam:GetUser", Kind: scenario.FaultReset}, "start-session", "GetUser"},
		{scenario.Fault{Operation: "kms:GetKeyPolicy", Kind: scenario.Fault500}, "session-encryption", "KMS GetKeyPolicy: InternalServerError"},
	} {
		r := liveScript(t, env, bin, ask, faulty(c.fault)...)
		recs := accessChecks(t, r)
		if r.code != 3 || len(recs) != 1 || recs[0].Decision != "unknown" {
			t.Errorf("%s=%s: exit %d, %d records, want 3 and one unknown record\n%s%s", c.fault.Operation, c.fault.Kind, r.code, len(recs), r.stdout, r.stderr)
			continue
		}
		if status, why, _ := recs[0].check(t, c.check); status != "unknown" || !strings.Contains(why, c.op) || strings.Contains(why, "\n") {
			t.Errorf("%s=%s: %s check %s %q, want unknown saying %q on one line", c.fault.Operation, c.fault.Kind, c.check, status, why, c.op)
		}
		if strings.Count(r.stderr, "\n") > 1 {
			t.Errorf("%s=%s: stderr is more than one line: %q", c.fault.Operation, c.fault.Kind, r.stderr)
		}
	}

	// AccessDenied on the EC2 and SSM reads: the target is unknown, naming the permission.
	r = liveScript(t, env, bin, "ssm-canconnect --profile nolookups "+env.Seeded.InstanceIDs["web01"])
	if recs := accessChecks(t, r); r.code != 3 || len(recs) != 1 {
		t.Errorf("no EC2/SSM reads: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	} else if status, why, _ := recs[0].check(t, "target"); status != "unknown" || !strings.Contains(why, "needs permission ec2:DescribeInstances") {
		t.Errorf("no EC2/SSM reads: target %s %q", status, why)
	}

	r = liveScript(t, env, bin, "ssm-canconnect --no-cache --timeout 2s --profile admin Name=web01", faulty(scenario.Fault{Operation: "ssm:*", Kind: scenario.FaultHang})...)
	if r.code != 3 {
		t.Errorf("hang: exit %d, want 3\n%s", r.code, r.stderr)
	}
	wantOneLine(t, r, "error: ")
}

// shellQuote single-quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
