package main

import (
	"bytes"
	"context"
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

// The end-to-end tests run the built binary against the sandbox's seed
// machine (its ~/.aws and ~/.ssh), with a fake PATH holding stub aws,
// session-manager-plugin and ssh programs of chosen versions.

func build(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", dir+"/", ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return filepath.Join(dir, "ssm-readiness")
}

// stubs writes shell scripts that print what the real tools print; the
// PATH holds nothing else, so the machine's own tools are not found.
func stubs(t *testing.T, versions map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, out := range versions {
		script := "#!/bin/sh\nprintf '%s\\n' '" + out + "'\n"
		if name == "ssh" {
			script = "#!/bin/sh\nprintf '%s\\n' '" + out + "' >&2\n" // ssh -V writes to stderr
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runBinary(t *testing.T, env *sandbox.Env, bin, path string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(env.Environ(os.Environ()), "PATH="+path, "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%v did not finish", args)
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String(), errb.String()
	case err != nil:
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

func TestLocalOnTheSeedMachine(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := build(t)
	current := stubs(t, map[string]string{"aws": "aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64", "session-manager-plugin": "1.2.896.0",
		"ssh": "OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15"})
	old := stubs(t, map[string]string{"aws": "aws-cli/1.16.1 Python/2.7.18", "session-manager-plugin": "1.2.707.0"})

	// The seed's ProxyCommand uses cast-dev-admin, which is logged in.
	code, out, errOut := runBinary(t, env, bin, current, "--local", "-o", "json")
	if code != 0 || !strings.Contains(out, `"verdict": "ready"`) || !strings.Contains(out, `"profile": "cast-dev-admin"`) {
		t.Errorf("current tools: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runBinary(t, env, bin, old, "--local", "-o", "wide")
	if code != 1 || !strings.Contains(out, "local.aws-cli=fail local.session-manager-plugin=fail local.ssh=warn local.ssh-config=pass") {
		t.Errorf("old tools: exit %d\n%s", code, out)
	}

	// A ProxyCommand whose profile this machine does not define: it then connects as the wrong identity, or not at all.
	cfg := filepath.Join(t.TempDir(), "ssh_config")
	if err := os.WriteFile(cfg, []byte("Host jumphost-ssm\n  ProxyCommand sh -c \"aws ssm start-session --target %h --profile eoe-hie\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runBinary(t, env, bin, current, "--local", "--ssh-config", cfg)
	if code != 1 || !strings.Contains(out, "profile eoe-hie, which no AWS config file on this machine defines") {
		t.Errorf("undefined profile: exit %d\n%s", code, out)
	}

	// --local reads only local files: not one AWS call.
	calls, err := audit.ReadFile(env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Errorf("--local made %d AWS calls, e.g. %s:%s", len(calls), calls[0].Service, calls[0].Operation)
	}
}
