package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// faultCase is one cell of the fault matrix: a tool run against a gateway
// injecting faults, and what the user must see.
type faultCase struct {
	name   string
	faults []scenario.Fault
	script string
	// want is the documented exit code (README "Exit codes").
	want int
	// fix must appear in the one error: line: the line names what to do
	// ("a|b": either; throttling that outlasts --timeout on a loaded machine
	// names --timeout instead of retrying).
	fix string
	// answers must each appear in a record on stdout: every other target's
	// (or profile's) answer is still printed.
	answers []string
	// records allows whole records on stdout with exit 2 (a profile that
	// does not exist still gets its record, naming the fix).
	records bool
}

func fault(op, kind string) []scenario.Fault {
	return []scenario.Fault{{Operation: op, Kind: kind}}
}

// faultMatrix is every tool against every fault class of the README's
// "Fault matrix" table.
var faultMatrix = []faultCase{
	// ssm-profiles: offline, except --discover (the SSO portal).
	{name: "profiles/discover/throttle", faults: fault("sso:*", scenario.FaultThrottle), script: "ssm-profiles --discover --timeout 20s", want: 3, fix: "retry|--timeout"},
	{name: "profiles/discover/500", faults: fault("sso:*", scenario.Fault500), script: "ssm-profiles --discover --timeout 20s", want: 3, fix: "retry"},
	{name: "profiles/discover/503", faults: fault("sso:*", scenario.Fault503), script: "ssm-profiles --discover --timeout 20s", want: 3, fix: "retry"},
	{name: "profiles/discover/reset", faults: fault("sso:*", scenario.FaultReset), script: "ssm-profiles --discover --timeout 20s", want: 3, fix: "network"},
	{name: "profiles/discover/hang", faults: fault("sso:*", scenario.FaultHang), script: "ssm-profiles --discover --timeout 3s", want: 3, fix: "--timeout"},
	{name: "profiles/discover/denied", faults: fault("sso:*", scenario.FaultDenied), script: "ssm-profiles --discover --timeout 20s", want: 4, fix: "aws sso login"},
	{name: "profiles/discover/expired", faults: fault("sso:*", scenario.FaultExpired), script: "ssm-profiles --discover --timeout 20s", want: 4, fix: "aws sso login"},
	// ssm-profiles reads no records: whatever is on stdin is left alone.
	{name: "profiles/garbage-stdin", script: "printf 'not json\\n' | ssm-profiles", want: 0, answers: []string{`"name":"cast-dev-admin"`}},
	{name: "profiles/malformed-config", script: "printf '[profile a]\\nregion=x\\n[profile a]\\n' > $CASE/config; AWS_CONFIG_FILE=$CASE/config ssm-profiles", want: 2, fix: "appears twice"},

	// ssm-whoami: STS, the portal, IAM and Organizations for the enrichment.
	{name: "whoami/throttle", faults: fault("sts:GetCallerIdentity", scenario.FaultThrottle), script: "ssm-whoami --no-cache --timeout 20s --profile cast-dev-admin", want: 3, fix: "retry|--timeout"},
	{name: "whoami/500", faults: fault("sts:GetCallerIdentity", scenario.Fault500), script: "ssm-whoami --no-cache --timeout 20s --profile cast-dev-admin", want: 3, fix: "retry"},
	{name: "whoami/503", faults: fault("sts:GetCallerIdentity", scenario.Fault503), script: "ssm-whoami --no-cache --timeout 20s --profile cast-dev-admin", want: 3, fix: "retry"},
	{name: "whoami/reset", faults: fault("sts:GetCallerIdentity", scenario.FaultReset), script: "ssm-whoami --no-cache --timeout 20s --profile cast-dev-admin", want: 3, fix: "network"},
	{name: "whoami/hang", faults: fault("sts:GetCallerIdentity", scenario.FaultHang), script: "ssm-whoami --no-cache --timeout 3s --profile cast-dev-admin", want: 3, fix: "--timeout"},
	{name: "whoami/expired", faults: fault("sts:GetCallerIdentity", scenario.FaultExpired), script: "ssm-whoami --no-cache --timeout 20s --profile cast-dev-admin", want: 4, fix: "aws sso login"},
	{name: "whoami/portal-denied", faults: fault("sso:GetRoleCredentials", scenario.FaultDenied), script: "ssm-whoami --no-cache --timeout 20s --profile cast-dev-admin", want: 4, fix: "aws sso login"},
	// A read the enrichment needs is refused: the answer is still printed, with a note.
	{name: "whoami/iam-denied", faults: fault("iam:*", scenario.FaultDenied), script: "ssm-whoami --no-cache --timeout 20s --profile cast-dev-admin", want: 0, answers: []string{`"cast-dev-admin"`}},
	{name: "whoami/expired-sso-token+other-profile", script: "printf '{\"kind\":\"Profile\",\"name\":\"cast-identity\"}\\n{\"kind\":\"Profile\",\"name\":\"cast-dev-admin\"}\\n' | ssm-whoami --no-cache --timeout 20s", want: 4, fix: "aws sso login", answers: []string{`"profile":"cast-dev-admin","arn"`}},
	{name: "whoami/malformed-config", script: "printf '[profile a]\\nregion=x\\n[profile a]\\n' > $CASE/config; AWS_CONFIG_FILE=$CASE/config ssm-whoami --profile a", want: 2, fix: "appears twice"},
	{name: "whoami/no-credentials-configured", script: noCredentials + "ssm-whoami --timeout 20s", want: 4, fix: "aws configure"},
	{name: "whoami/garbage-stdin", script: "printf 'not json\\n' | ssm-whoami", want: 2, fix: "pipe the output of an ssmkit tool"},
	{name: "whoami/oversized-stdin", script: "head -c 6000000 /dev/zero | tr '\\0' 'a' | sed 's/^/{\"kind\":\"Profile\",\"name\":\"/; s/$/\"}/' | ssm-whoami", want: 2, fix: "larger than"},
	{name: "whoami/profile-does-not-exist", script: "ssm-whoami --profile no-such-profile", want: 2, fix: "ssm-profiles", records: true},

	// ssm-canconnect: every read of the live check, two targets, one of which does not exist.
	{name: "canconnect/throttle", faults: fault("ssm:*", scenario.FaultThrottle), script: canconnect("20s"), want: 3, fix: "retry|--timeout", answers: bothTargets},
	{name: "canconnect/500", faults: fault("ec2:*", scenario.Fault500), script: canconnect("20s"), want: 3, fix: "retry", answers: bothTargets},
	{name: "canconnect/503", faults: fault("ssm:*", scenario.Fault503), script: canconnect("20s"), want: 3, fix: "retry", answers: bothTargets},
	{name: "canconnect/reset", faults: fault("ec2:*", scenario.FaultReset), script: canconnect("20s"), want: 3, fix: "network", answers: bothTargets},
	{name: "canconnect/hang", faults: fault("ssm:*", scenario.FaultHang), script: canconnect("3s"), want: 3, fix: "--timeout", answers: bothTargets},
	{name: "canconnect/ec2-denied", faults: fault("ec2:*", scenario.FaultDenied), script: canconnect("20s"), want: 3, fix: "ec2:DescribeInstances", answers: bothTargets},
	{name: "canconnect/ssm-denied", faults: fault("ssm:*", scenario.FaultDenied), script: canconnect("20s"), want: 3, fix: "ssm:", answers: bothTargets},
	{name: "canconnect/iam-denied", faults: fault("iam:*", scenario.FaultDenied), script: canconnect("20s"), want: 1,
		answers: append([]string{`"id":"start-session","title":`, `"permission":"iam:GetRole"`}, bothTargets...)},
	// A read the answer does not hinge on is refused: that check is unknown, naming the
	// permission; the target's own definite "no" (not connected) still decides the exit.
	// The shell session's KMS check is unknown, naming the permission; the target's own
	// definite "no" (not connected) still decides the exit.
	{name: "canconnect/kms-denied", faults: fault("kms:*", scenario.FaultDenied), script: "ssm-canconnect --no-cache --timeout 20s --profile cast-dev-admin Name=cast-dev-app01 i-0000000000000000f", want: 1,
		answers: append([]string{`"status":"unknown","reason":"cannot describe the session key`, `"permission":"kms:DescribeKey"`}, bothTargets...)},
	{name: "canconnect/expired", faults: fault("sts:*", scenario.FaultExpired), script: canconnect("20s"), want: 4, fix: "aws sso login", answers: bothTargets},
	{name: "canconnect/malformed-config", script: "printf '[profile a]\\nregion=x\\n[profile a]\\n' > $CASE/config; AWS_CONFIG_FILE=$CASE/config ssm-canconnect --profile a i-0123456789abcdef0", want: 2, fix: "appears twice"},
	{name: "canconnect/no-credentials-configured", script: noCredentials + "ssm-canconnect --timeout 20s i-0123456789abcdef0", want: 4, fix: "aws configure"},
	{name: "canconnect/garbage-stdin", script: "printf 'not json\\n' | ssm-canconnect i-0123456789abcdef0", want: 2, fix: "pipe the output of an ssmkit tool"},
	{name: "canconnect/oversized-stdin", script: "head -c 6000000 /dev/zero | tr '\\0' 'a' | sed 's/^/{\"kind\":\"Profile\",\"name\":\"/; s/$/\"}/' | ssm-canconnect i-0123456789abcdef0", want: 2, fix: "larger than"},

	// ssm-readiness: two targets, one of which does not exist, and this machine.
	{name: "readiness/throttle", faults: fault("ec2:*", scenario.FaultThrottle), script: readiness("20s"), want: 3, fix: "retry|--timeout"},
	// SSM answering 5xx: the SSM checks are unknown (the account's preferences too: exit 3);
	// the missing target and the network path still fail, and every target is answered.
	{name: "readiness/500", faults: fault("ssm:*", scenario.Fault500), script: readiness("20s"), want: 3, fix: "retry", answers: append([]string{`"status":"unknown"`}, readinessTargets...)},
	{name: "readiness/503", faults: fault("ssm:*", scenario.Fault503), script: readiness("20s"), want: 3, fix: "retry", answers: append([]string{`"status":"unknown"`}, readinessTargets...)},
	{name: "readiness/reset", faults: fault("ec2:*", scenario.FaultReset), script: readiness("20s"), want: 3, fix: "network"},
	{name: "readiness/hang", faults: fault("ssm:*", scenario.FaultHang), script: readiness("3s"), want: 3, fix: "--timeout"},
	{name: "readiness/iam-denied", faults: fault("iam:*", scenario.FaultDenied), script: readiness("20s"), want: 1,
		answers: append([]string{`"id":"agent-identity"`, `"permission":"iam:GetInstanceProfile"`}, readinessTargets...)},
	{name: "readiness/expired", faults: fault("sts:*", scenario.FaultExpired), script: readiness("20s"), want: 4, fix: "aws sso login"},
	{name: "readiness/target-does-not-exist", script: readiness("20s"), want: 1, answers: readinessTargets},
	{name: "readiness/garbage-stdin", script: "printf 'not json\\n' | ssm-readiness -", want: 2, fix: "pipe the output of an ssmkit tool"},
	{name: "readiness/oversized-stdin", script: "head -c 6000000 /dev/zero | tr '\\0' 'a' | sed 's/^/{\"kind\":\"AccessCheck\",\"x\":\"/; s/$/\"}/' | ssm-readiness -", want: 2, fix: "larger than"},
	{name: "readiness/malformed-config", script: "printf '[profile a]\\nregion=x\\n[profile a]\\n' > $CASE/config; AWS_CONFIG_FILE=$CASE/config ssm-readiness --local", want: 2, fix: "appears twice"},
}

// noCredentials is a machine with no AWS files and no instance metadata: the
// SDK's default chain ends at IMDS, which used to log "falling back to IMDSv1".
const noCredentials = "export AWS_CONFIG_FILE=$CASE/none AWS_SHARED_CREDENTIALS_FILE=$CASE/none AWS_EC2_METADATA_DISABLED= AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:9; "

// bothTargets are the answers every canconnect case must print: the real
// instance's and the missing one's.
var bothTargets = []string{`"spec":"Name=cast-dev-app01"`, `"spec":"i-0000000000000000f"`}

// readinessTargets: the real instance's record and the missing one's.
var readinessTargets = []string{`"name":"cast-dev-app01"`, `i-0000000000000000f`}

func readiness(timeout string) string {
	return "ssm-readiness --profile cast-dev-admin --timeout " + timeout + " Name=cast-dev-app01 i-0000000000000000f"
}

func canconnect(timeout string) string {
	return "ssm-canconnect --no-cache --session port-forward --timeout " + timeout + " --profile cast-dev-admin Name=cast-dev-app01 i-0000000000000000f"
}

// TestFaultMatrix runs every tool against every fault class on the built
// binaries: the documented exit code, exactly one error: line naming the fix,
// no panic and no SDK log line on stderr, whole records only on stdout, the
// other answers still printed, and the run ended before the test's own
// deadline (the tool's --timeout held).
func TestFaultMatrix(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := buildTools(t)
	for _, c := range faultMatrix {
		t.Run(c.name, func(t *testing.T) {
			url := env.URL
			if len(c.faults) > 0 {
				gw, err := env.StartGateway(c.faults...)
				if err != nil {
					t.Fatal(err)
				}
				url = gw.URL
			}
			dir := t.TempDir()
			script := "export AWS_ENDPOINT_URL=" + url + " AWS_ENDPOINT_URL_SSO=" + url + " AWS_ENDPOINT_URL_STS=" + url +
				" XDG_CACHE_HOME=" + filepath.Join(dir, "cache") + " CASE=" + dir + "; " + c.script
			r := runScript(t, env, bin, script)
			r.script = c.script
			checkFaultResult(t, c, r)
		})
	}
}

func checkFaultResult(t *testing.T, c faultCase, r result) {
	t.Helper()
	if r.code != c.want {
		t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, c.want, r.stdout, r.stderr)
	}
	var errLines []string
	for _, line := range strings.Split(r.stderr, "\n") {
		if strings.HasPrefix(line, "error:") {
			errLines = append(errLines, line)
		}
		for _, bad := range []string{"panic", "goroutine ", "SDK 20", "WARN ", "DEBUG "} {
			if strings.Contains(line, bad) {
				t.Errorf("stderr has %q (a panic or an SDK log line): %s", bad, line)
			}
		}
	}
	switch {
	case c.want <= 1 && len(errLines) != 0: // a yes or a no is an answer, not an error
		t.Errorf("exit %d with error lines: %q", c.want, errLines)
	case c.want > 1 && len(errLines) != 1:
		t.Errorf("want exactly one error: line, got %d: %q\nstderr: %s", len(errLines), errLines, r.stderr)
	case c.want > 1 && !containsAny(errLines[0], strings.Split(c.fix, "|")):
		t.Errorf("the error: line does not name the fix (%q): %s", c.fix, errLines[0])
	}
	for i, line := range strings.Split(strings.TrimRight(r.stdout, "\n"), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["kind"] == nil {
			t.Errorf("stdout line %d is not a whole record: %.200s", i+1, line)
		}
	}
	if c.want == 2 && !c.records && r.stdout != "" {
		t.Errorf("bad input printed a partial answer: %.300s", r.stdout)
	}
	for _, a := range c.answers {
		if !strings.Contains(r.stdout, a) {
			t.Errorf("the answer with %s is missing from stdout", a)
		}
	}
	if t.Failed() {
		t.Logf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func init() {
	// The matrix's scripts read $CASE; keep a stray one from the caller's environment out.
	_ = os.Unsetenv("CASE")
}
