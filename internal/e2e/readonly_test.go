package e2e

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// session is what a user does with the suite in one sitting on the seed
// scenario: every tool, every mode that talks to AWS, plus bad input.
var session = []struct {
	script   string
	wantCode int
}{
	{"ssm-profiles", 0},
	{"ssm-profiles -o wide --account 925774240130", 0},
	{"ssm-profiles --account 000000000000", 1},
	{"ssm-profiles --discover", 0},                // EC2-SSM-PortForward has no profile yet
	{"ssm-profiles | ssm-whoami --timeout 2m", 4}, // one profile's token has expired
	{"ssm-profiles --logged-in | ssm-whoami -o json --timeout 2m", 0},
	{"ssm-profiles --account 925774240130 --logged-in | ssm-whoami --no-cache --timeout 2m", 0},
	{"ssm-whoami --timeout 2m --profile cast-dev-audit", 0}, // source_profile + role_arn: sts:AssumeRole
	{"echo 'not json' | ssm-whoami --timeout 2m", 2},
	{"ssm-canconnect simulate --policy testdata/policy/seed000-port-forwarding.json" +
		" --principal arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_SSM_0123456789abcdef/a-a836660" +
		" --action ssm:StartSession --resource arn:aws:ec2:eu-west-1:925774240130:instance/i-0123456789abcdef0" +
		" --context ssm:resourceTag/ssmaccess=true", 0},
	{"ssm-readiness", 2}, // no target and no --local: a usage error
	// ssm-canconnect's live modes: the check, the pipeline, the matrix, the pre-flight.
	{"ssm-canconnect --profile cast-dev-admin --session shell --session port-forward Name=cast-dev-app01 Name=cast-dev-db01", 1},
	{"ssm-profiles --logged-in --account 925774240130 | ssm-canconnect -o wide Name=cast-dev-app01", 1},
	{"ssm-canconnect --list --profile cast-dev-admin", 3},                                        // a member account may not read its SCPs
	{"ssm-canconnect --preflight --profile cast-dev-admin --session ssh Name=cast-dev-app01", 1}, // Online, not connected
	{"ssm-canconnect --preflight --profile cast-dev-readonly --session ssh Name=cast-dev-app01", 1},
	{"ssm-canconnect ssh-config --profile cast-dev-admin", 0},
	// --as-user reads Identity Store and SSO Admin: refused here (a member account), so unknown;
	// the target is not connected, so no (exit 1).
	{"ssm-canconnect --timeout 2m --profile cast-dev-admin --identity-center-profile cast-dev-admin --as-user a-a836660 --session port-forward Name=cast-dev-app01", 1},
	{"ssm-readiness --profile cast-dev-admin Name=cast-dev-app01 Name=cast-dev-db01 --timeout 2m", 1}, // planted gaps
	{"ssm-readiness --profile cast-dev-admin --all -o wide --timeout 2m", 1},
}

// TestSuiteIsReadOnlyAndKeepsSecrets runs every tool against the sandbox and
// proves, from the gateway's audit log, that no call was anything but
// Get/List/Describe/Simulate/Select (or the portal's GetRoleCredentials), and
// that no secret the sandbox handed out appears in any output.
func TestSuiteIsReadOnlyAndKeepsSecrets(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := buildTools(t)
	// The pre-flight needs session-manager-plugin on PATH before it asks AWS anything.
	if err := os.WriteFile(bin+"/session-manager-plugin", []byte("#!/bin/sh\necho 1.2.707.0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	var outputs []result
	for _, s := range session {
		r := runScript(t, env, bin, s.script)
		if r.code != s.wantCode {
			t.Errorf("%s: exit %d, want %d\nstderr: %s", s.script, r.code, s.wantCode, r.stderr)
		}
		outputs = append(outputs, r)
	}

	calls, err := audit.ReadFile(env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 {
		t.Fatal("the audit log is empty: the tools never reached the sandbox, so nothing was proven")
	}
	for _, c := range audit.Mutating(calls) {
		t.Errorf("mutating AWS call: %s %s by %s", c.Service, c.Operation, c.Principal)
	}
	// The sandbox authorizes every call as IAM would: each one the tools make must be one
	// its IAM model maps (the SSO portal is decided by its token, not IAM).
	for _, c := range calls {
		if c.Service != "sso" && (c.Decision == "" || c.Decision == "unmapped") {
			t.Errorf("%s:%s was not authorized by the sandbox's IAM model (decision %q)", c.Service, c.Operation, c.Decision)
		}
	}

	for _, secret := range sandboxSecrets(t, env) {
		for _, r := range outputs {
			if strings.Contains(r.stdout, secret) || strings.Contains(r.stderr, secret) {
				t.Errorf("%s printed a secret (%.6s…)", r.script, secret)
			}
		}
	}
}

var secretLine = regexp.MustCompile(`^\s*(aws_secret_access_key|aws_session_token)\s*=\s*(\S+)`)

// sandboxSecrets collects every secret the user's machine holds: secret keys in
// the credentials file and SSO access tokens in the token cache.
func sandboxSecrets(t *testing.T, env *sandbox.Env) []string {
	t.Helper()
	var secrets []string
	if f, err := os.Open(env.Local.Credentials); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if m := secretLine.FindStringSubmatch(sc.Text()); m != nil {
				secrets = append(secrets, m[2])
			}
		}
		f.Close()
	}
	cache := env.Local.Home + "/.aws/sso/cache"
	entries, err := os.ReadDir(cache)
	if err != nil {
		t.Fatalf("reading the sandbox token cache: %v", err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(cache + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var tok struct {
			AccessToken string `json:"accessToken"`
		}
		if json.Unmarshal(b, &tok) == nil && tok.AccessToken != "" {
			secrets = append(secrets, tok.AccessToken)
		}
	}
	if len(secrets) == 0 {
		t.Fatal("found no secrets to look for: the test would prove nothing")
	}
	return secrets
}
