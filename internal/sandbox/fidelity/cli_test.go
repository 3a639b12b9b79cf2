package fidelity

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// awsCLI is one AWS CLI major version found on this machine.
type awsCLI struct {
	// Name is "v1" or "v2", used in subtest names.
	Name string
	Path string
	// Endpoint is passed as --endpoint-url when the CLI predates AWS_ENDPOINT_URL (Debian's v2).
	NeedsEndpointFlag bool
}

// findCLIs looks for AWS CLI v1 on PATH and v2 at /usr/bin/aws (then on PATH); the
// version banner decides, since both install a binary called aws.
func findCLIs() (v1, v2 string) {
	candidates := []string{"/usr/bin/aws"}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		candidates = append(candidates, filepath.Join(dir, "aws"))
	}
	seen := map[string]bool{}
	for _, p := range candidates {
		if seen[p] {
			continue
		}
		seen[p] = true
		if fi, err := os.Stat(p); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			continue
		}
		out, _ := exec.Command(p, "--version").CombinedOutput()
		switch {
		case v1 == "" && bytes.HasPrefix(out, []byte("aws-cli/1.")):
			v1 = p
		case v2 == "" && bytes.HasPrefix(out, []byte("aws-cli/2.")):
			v2 = p
		}
	}
	return v1, v2
}

// requireCLI fails under CI=true when a CLI is missing (make test installs both) and
// otherwise skips with the fix.
func requireCLI(t *testing.T, c awsCLI) {
	t.Helper()
	if c.Path != "" {
		return
	}
	fix := map[string]string{"v1": `pip install awscli`, "v2": `apt-get install awscli (Debian's AWS CLI v2 at /usr/bin/aws)`}[c.Name]
	if os.Getenv("CI") == "true" {
		t.Fatalf("AWS CLI %s is missing: %s", c.Name, fix)
	}
	t.Skipf("AWS CLI %s is missing (%s); under CI=true this fails", c.Name, fix)
}

// cliResult is what one CLI run printed and returned.
type cliResult struct {
	Stdout, Stderr string
	ExitCode       int
}

var awsErrorLine = regexp.MustCompile(`An error occurred \(([A-Za-z0-9.]+)\) when calling the ([A-Za-z0-9]+) operation`)

// ErrorCode is the AWS error code the CLI reported, as in "An error occurred (Throttling) ...".
func (r cliResult) ErrorCode() string {
	if m := awsErrorLine.FindStringSubmatch(r.Stderr); m != nil {
		return m[1]
	}
	return ""
}

// JSON decodes the CLI's --output json answer. Stdout is never echoed: it may hold
// (sandbox) credentials, and secrets stay out of every log.
func (r cliResult) JSON(t *testing.T, v any) {
	t.Helper()
	if r.ExitCode != 0 {
		t.Fatalf("aws exited %d: %s", r.ExitCode, r.Stderr)
	}
	if err := json.Unmarshal([]byte(r.Stdout), v); err != nil {
		t.Fatalf("CLI output (%d bytes) is not the JSON answer: %v", len(r.Stdout), err)
	}
}

// cliEnv is a clean environment: only what the CLI needs to start, plus the sandbox's
// variables, so no real AWS setting of the machine can leak into a test.
func cliEnv(sandbox []string, extra ...string) []string {
	env := []string{"AWS_PAGER=", "AWS_MAX_ATTEMPTS=1", "AWS_RETRY_MODE=standard",
		"AWS_EC2_METADATA_DISABLED=true", "NO_COLOR=1"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "PYENV_ROOT", "PYENV_VERSION", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE":
			env = append(env, kv)
		}
	}
	env = append(env, sandbox...)
	return append(env, extra...)
}

// run executes the CLI with args and JSON output; v2 gets --endpoint-url since it does
// not read AWS_ENDPOINT_URL. The context only guards against a wedged test.
func (c awsCLI) run(t *testing.T, env []string, endpoint string, args ...string) cliResult {
	t.Helper()
	full := append([]string{"--output", "json"}, args...)
	if c.NeedsEndpointFlag && endpoint != "" {
		full = append(full, "--endpoint-url", endpoint)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Path, full...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := cliResult{Stdout: stdout.String(), Stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.ExitCode = ee.ExitCode()
	case err != nil:
		t.Fatalf("running %s: %v", c.Path, err)
	}
	return res
}
