package fidelity

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// TestLauncherShellSession is the path a person takes: start the built ssm-sandbox with a
// fault for the first call, `source` its exports in bash and use CLI v1 with an SSO profile.
// The first GetCallerIdentity is throttled, the second answers; SIGTERM ends it cleanly.
func TestLauncherShellSession(t *testing.T) {
	s := setup(t)
	requireCLI(t, s.v1)
	dir := t.TempDir()
	bin := filepath.Join(dir, "ssm-sandbox")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/ssmkit/ssmkit/internal/sandbox/cmd/ssm-sandbox").CombinedOutput(); err != nil {
		t.Fatalf("building ssm-sandbox: %v\n%s", err, out)
	}
	envFile, auditPath := filepath.Join(dir, "sandbox.env"), filepath.Join(dir, "audit.jsonl")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--scenario", "seed", "--env-file", envFile, "--audit", auditPath,
		"--fault", "sts:GetCallerIdentity=throttle,times=1")
	cmd.Env = cliEnv(nil)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && lines.Text() != "ready" {
	}

	var profile ssoProfile
	for _, p := range s.ssoProfiles(t) {
		if p.User != "" && profile.User == "" {
			profile = p
		}
	}
	if profile.Name == "" {
		t.Fatal("the scenario has no logged-in SSO profile")
	}
	shell := func() cliResult {
		// The exports begin by unsetting AWS_PROFILE, so the profile is chosen after them.
		sh := exec.CommandContext(ctx, "bash", "-c", `. "$1" && AWS_PROFILE="$3" exec "$2" --output json sts get-caller-identity`, "_", envFile, s.v1.Path, profile.Name)
		sh.Env = cliEnv(nil)
		var res cliResult
		out, err := sh.Output()
		res.Stdout = string(out)
		if ee, ok := err.(*exec.ExitError); ok {
			res.ExitCode, res.Stderr = ee.ExitCode(), string(ee.Stderr)
		}
		return res
	}
	if first := shell(); first.ErrorCode() != "Throttling" {
		t.Errorf("first call: want Throttling, got exit %d:\n%s", first.ExitCode, first.Stderr)
	}
	var who struct{ Arn string }
	shell().JSON(t, &who)
	if want := s.sessionARN(t, profile.Account, profile.Role, profile.User); who.Arn != want {
		t.Errorf("second call: caller %s, want %s", who.Arn, want)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("ssm-sandbox after SIGTERM: %v, want exit 0", err)
	}
	if _, err := os.Stat(envFile); !os.IsNotExist(err) {
		t.Errorf("the env file survives shutdown")
	}
	calls, err := audit.ReadFile(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	// Each CLI run first fetches the profile's role credentials from the portal (CLI v1
	// does not cache them between runs), then calls STS.
	var sts []string
	portal := 0
	for _, c := range calls {
		switch c.Service + ":" + c.Operation {
		case "sts:GetCallerIdentity":
			sts = append(sts, fmt.Sprintf("%d %s", c.Status, c.Error))
		case "sso:GetRoleCredentials":
			portal++
		default:
			t.Errorf("unexpected call %s:%s", c.Service, c.Operation)
		}
	}
	if strings.Join(sts, ", ") != "400 Throttling, 200 " || portal == 0 {
		t.Errorf("audited GetCallerIdentity = %q after %d portal calls, want one throttled then one answered", sts, portal)
	}
}
