package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// awsCLIs finds AWS CLI v1 on PATH and v2 at /usr/bin/aws (Debian's): both
// install a binary called aws, so the version banner decides.
func awsCLIs(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	candidates := []string{"/usr/bin/aws"}
	if p, err := exec.LookPath("aws"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		out, _ := exec.Command(p, "--version").CombinedOutput()
		for _, v := range []string{"v1", "v2"} {
			if found[v] == "" && bytes.HasPrefix(out, []byte("aws-cli/"+v[1:]+".")) {
				found[v] = p
			}
		}
	}
	return found
}

// TestAWSCLIAliases adds the printed alias block to the sandbox user's
// ~/.aws/cli/alias and runs the aliases under both AWS CLIs: each gives
// the record the tool gives, with --profile, --region and --output passed
// on, the tool's exit code, and only read-only calls.
func TestAWSCLIAliases(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := buildTools(t)
	r := runScript(t, env, bin, "mkdir -p ~/.aws/cli && ssm-profiles aliases > ~/.aws/cli/alias && cat ~/.aws/cli/alias")
	if r.code != 0 || !strings.Contains(r.stdout, "[toplevel]\nwhoami =") {
		t.Fatalf("ssm-profiles aliases: exit %d, stderr %s\n%s", r.code, r.stderr, r.stdout)
	}
	if again := runScript(t, env, bin, "ssm-profiles aliases"); !strings.Contains(again.stderr, "aliases whoami (line 7), profiles (line 19)") ||
		strings.Contains(again.stdout, "\n[toplevel]\n") {
		t.Errorf("with the aliases in place, a second block must not repeat [toplevel] and must warn: stdout %.200s\nstderr %s", again.stdout, again.stderr)
	}
	direct := identity(t, runScript(t, env, bin, "ssm-whoami --profile cast-dev-admin --no-cache --timeout 2m"))

	clis := awsCLIs(t)
	for _, v := range []string{"v1", "v2"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel() // the two CLIs share the sandbox; most of a run is Python starting up
			aws := clis[v]
			if aws == "" {
				fix := map[string]string{"v1": "pip install awscli", "v2": "apt-get install awscli"}[v]
				if os.Getenv("CI") == "true" {
					t.Fatalf("AWS CLI %s is missing: %s", v, fix)
				}
				t.Skipf("AWS CLI %s is missing (%s); under CI=true this fails", v, fix)
			}
			before := auditLen(t, env)
			cases := []struct {
				name, script string
				check        func(t *testing.T, r result)
			}{
				{"the same record as ssm-whoami", "AWS whoami --profile cast-dev-admin --no-cache --timeout 2m", func(t *testing.T, r result) {
					if d := cmp.Diff(direct, identity(t, r)); d != "" || r.code != 0 {
						t.Errorf("exit %d (-ssm-whoami +aws whoami):\n%s", r.code, d)
					}
				}},
				{"--profile before the alias name", "AWS --profile cast-dev-admin whoami --timeout 2m -o name", func(t *testing.T, r result) {
					if r.code != 0 || strings.TrimSpace(r.stdout) != direct["arn"] {
						t.Errorf("exit %d, stdout %q, want the ARN %v", r.code, r.stdout, direct["arn"])
					}
				}},
				{"--region and --output", "AWS whoami --profile cast-dev-admin --region us-east-2 --output json --timeout 2m", func(t *testing.T, r result) {
					if id := identity(t, r); r.code != 0 || id["region"] != "us-east-2" || !strings.HasPrefix(r.stdout, "{\n  ") {
						t.Errorf("exit %d, stdout %s", r.code, r.stdout)
					}
				}},
				{"the tool's exit code", "AWS whoami --profile cast-identity", func(t *testing.T, r result) {
					if r.code != 4 || !strings.Contains(r.stderr, "aws sso login --profile cast-identity") {
						t.Errorf("exit %d, want 4; stderr %s", r.code, r.stderr)
					}
				}},
				{"stdin reaches the tool", "ssm-profiles --logged-in --account 925774240130 | AWS whoami --timeout 2m -o name", func(t *testing.T, r result) {
					want := runScript(t, env, bin, "ssm-profiles --logged-in --account 925774240130 | ssm-whoami --timeout 2m -o name")
					if r.code != 0 || r.stdout != want.stdout || strings.Count(r.stdout, "\n") < 2 {
						t.Errorf("exit %d, stdout %q, want %q", r.code, r.stdout, want.stdout)
					}
				}},
				{"aws profiles: --profile picks, --region filters", "AWS profiles --profile 'cast-*' --region eu-west-1 -o name", func(t *testing.T, r result) {
					want := runScript(t, env, bin, "ssm-profiles 'cast-*' --region eu-west-1 -o name")
					if r.code != 0 || r.stdout != want.stdout || r.stdout == "" {
						t.Errorf("exit %d, stdout %q, want %q", r.code, r.stdout, want.stdout)
					}
				}},
				{"aws canconnect runs the tool", "AWS canconnect simulate --policy testdata/policy/seed000-port-forwarding.json" +
					" --principal arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_SSM_0123456789abcdef/a-a836660" +
					" --action ssm:StartSession --resource arn:aws:ec2:eu-west-1:925774240130:instance/i-0123456789abcdef0" +
					" --context ssm:resourceTag/ssmaccess=true --output json", func(t *testing.T, r result) {
					if r.code != 0 || !strings.Contains(r.stdout, `"decision": "allowed"`) {
						t.Errorf("exit %d, stdout %s, stderr %s", r.code, r.stdout, r.stderr)
					}
				}},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					c.check(t, runScript(t, env, bin, strings.ReplaceAll(c.script, "AWS ", aws+" ")))
				})
			}
			calls, err := audit.ReadFile(env.AuditPath)
			if err != nil {
				t.Fatal(err)
			}
			if len(calls) == before {
				t.Error("the aliases made no AWS call: nothing reached the sandbox")
			}
			for _, c := range audit.Mutating(calls[before:]) {
				t.Errorf("mutating AWS call through an alias: %s %s", c.Service, c.Operation)
			}
		})
	}
}

// identity decodes the one Identity record r printed, without the
// credentials' expiry (each STS call hands out new credentials).
func identity(t *testing.T, r result) map[string]any {
	t.Helper()
	var id map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &id); err != nil {
		t.Fatalf("%s: not one JSON record (%v): exit %d\nstdout %s\nstderr %s", r.script, err, r.code, r.stdout, r.stderr)
	}
	delete(id, "credentialExpiresAt")
	return id
}
