package e2e

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox"
)

// tools are every ssmkit binary; the suite runs all of them.
var tools = []string{"ssm-profiles", "ssm-whoami", "ssm-canconnect", "ssm-readiness"}

// buildTools compiles the real binaries into a temp dir.
func buildTools(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	args := []string{"build", "-o", dir + "/"}
	for _, tool := range tools {
		args = append(args, "../../cmd/"+tool)
	}
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}

type result struct {
	script         string
	code           int
	stdout, stderr string
}

// runScript runs a shell pipeline of the built tools in the sandbox's
// environment. The deadline only guards against a hang; nothing is timed.
func runScript(t *testing.T, env *sandbox.Env, bin, script string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-o", "pipefail", "-c", script)
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(env.Environ(os.Environ()), "PATH="+bin+":"+os.Getenv("PATH"), "NO_COLOR=1")
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
	return result{script, code, out.String(), errb.String()}
}
