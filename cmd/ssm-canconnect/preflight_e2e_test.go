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
