package main

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// The target end-to-end tests run the built binary against the sandbox and
// read its NDJSON records: every planted gap is found by the check that
// owns it, with its fix.

type recCheck struct {
	ID, Status, Reason, Permission string
	Fixes                          []struct{ Text, Command string }
}

type rec struct {
	Kind, Scope, Verdict, AccountRef string
	Target                           struct{ ID, Name, Account, Region string }
	Checks                           []recCheck
	Fixes                            []string
}

func (r rec) check(t *testing.T, id string) recCheck {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("%s (%s) has no check %s", r.Target.ID, r.Target.Name, id)
	return recCheck{}
}

func (c recCheck) fixes() string {
	var b strings.Builder
	for _, f := range c.Fixes {
		b.WriteString(f.Text + " " + f.Command + "\n")
	}
	return b.String()
}

// records parses NDJSON; the target records are keyed by name (else id).
func records(t *testing.T, out string) (accounts []rec, targets map[string]rec) {
	t.Helper()
	targets = map[string]rec{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r rec
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("stdout line %q: %v", sc.Text(), err)
		}
		if r.Kind != "Readiness" {
			t.Fatalf("kind %q", r.Kind)
		}
		switch r.Scope {
		case "account":
			accounts = append(accounts, r)
		default:
			key := r.Target.Name
			if key == "" {
				key = r.Target.ID
			}
			targets[key] = r
		}
	}
	return accounts, targets
}

func wantStatus(t *testing.T, r rec, id, status string, reasonHas ...string) recCheck {
	t.Helper()
	c := r.check(t, id)
	if c.Status != status {
		t.Errorf("%s %s: %s (%s), want %s", r.Target.Name, id, c.Status, c.Reason, status)
	}
	for _, s := range reasonHas {
		if !strings.Contains(c.Reason, s) {
			t.Errorf("%s %s reason %q lacks %q", r.Target.Name, id, c.Reason, s)
		}
	}
	return c
}

func readOnly(t *testing.T, env *sandbox.Env) []audit.Call {
	t.Helper()
	bad, err := audit.NonReadOnly(env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range bad {
		t.Errorf("not read-only: %s:%s", c.Service, c.Operation)
	}
	calls, err := audit.ReadFile(env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

func countOps(calls []audit.Call) map[string]int {
	m := map[string]int{}
	for _, c := range calls {
		m[c.Service+":"+c.Operation]++
	}
	return m
}

func noPath(t *testing.T) string { return t.TempDir() } // no aws, plugin or ssh: targets need none

// Seed: the missing ssmmessages endpoint with no NAT route, the instance
// role unable to write the preferences' log group and bucket, the older
// agent on cast-dev-db01.
func TestTargetsOnSeed(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := build(t)
	code, out, errOut := runBinary(t, env, bin, noPath(t), "--profile", "cast-dev-admin", "Name=cast-dev-app01", "Name=cast-dev-db01", "-o", "ndjson")
	if code != 1 {
		t.Errorf("exit %d, want 1 (not ready)\n%s", code, errOut)
	}
	accounts, targets := records(t, out)
	if len(accounts) != 1 || len(targets) != 2 {
		t.Fatalf("%d account and %d target records, want 1 and 2:\n%s", len(accounts), len(targets), out)
	}
	app, db := targets["cast-dev-app01"], targets["cast-dev-db01"]
	if app.Verdict != "not-ready" || app.AccountRef != "account/925774240130/eu-west-1" {
		t.Errorf("app01: verdict %s, accountRef %s", app.Verdict, app.AccountRef)
	}
	net := wantStatus(t, app, "network", "fail", "ssmmessages: no interface endpoint for ssmmessages", "no route to the internet")
	if !strings.Contains(net.fixes(), "--service-name com.amazonaws.eu-west-1.ssmmessages") {
		t.Errorf("network fixes lack the ssmmessages endpoint:\n%s", net.fixes())
	}
	if strings.Contains(net.Reason, "ec2messages:") || strings.Contains(net.Reason, "ssm:") {
		t.Errorf("ssm and ec2messages have endpoints; reason %q", net.Reason)
	}
	wantStatus(t, app, "managed", "fail", "notconnected")
	logging := wantStatus(t, app, "session-logging", "fail", "role CASTAppInstanceRole is not allowed", "logs:CreateLogStream", "s3:PutObject")
	if !strings.Contains(logging.fixes(), "log-group:/aws/ssm/cast-dev/session-logs:") || !strings.Contains(logging.fixes(), "arn:aws:s3:::cast-dev-ssm-session-logs-925774240130/sessions/") {
		t.Errorf("logging fix does not name the preferences' log group and bucket:\n%s", logging.fixes())
	}
	wantStatus(t, app, "agent-identity", "pass", "CASTAppInstanceRole", "AmazonSSMManagedInstanceCore is attached")
	wantStatus(t, app, "session-kms", "pass")
	wantStatus(t, app, "agent", "pass")
	agent := wantStatus(t, db, "agent", "warn", "3.2.582.0", "not the latest")
	if !strings.Contains(agent.fixes(), "AWS-UpdateSSMAgent") {
		t.Errorf("agent fix: %s", agent.fixes())
	}
	// A floor above the seed's older agent fails it.
	code, out, _ = runBinary(t, env, bin, noPath(t), "--profile", "cast-dev-admin", "Name=cast-dev-db01", "--min-agent-version", "3.3.0.0", "-o", "ndjson")
	_, targets = records(t, out)
	if wantStatus(t, targets["cast-dev-db01"], "agent", "fail", "--min-agent-version 3.3.0.0"); code != 1 {
		t.Errorf("exit %d", code)
	}
	// A target that matches nothing is its own not-ready record.
	code, out, _ = runBinary(t, env, bin, noPath(t), "--profile", "cast-dev-admin", "i-0123456789abcdef0", "-o", "ndjson")
	_, targets = records(t, out)
	if wantStatus(t, targets["i-0123456789abcdef0"], "instance", "fail", "no instance or managed node matches"); code != 1 {
		t.Errorf("exit %d", code)
	}
	calls := countOps(readOnly(t, env))
	if calls["ssm:GetConnectionStatus"] == 0 {
		t.Errorf("a few targets get ssm:GetConnectionStatus; calls %v", calls)
	}
	// Bad input: one error line, exit 2, nothing on stdout.
	code, out, errOut = runBinary(t, env, bin, noPath(t), "--profile", "cast-dev-admin", "not a target")
	if code != 2 || out != "" || !strings.HasPrefix(errOut, "error: ") {
		t.Errorf("bad target: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// Whitepaper: the Quick Setup role without the logging policy, the hybrid
// node on the standard tier; and a caller who may not read managed nodes
// gets unknown naming the permission, not a guess.
func TestTargetsOnWhitepaper(t *testing.T) {
	env := sandbox.StartT(t, "whitepaper")
	bin := build(t)
	code, out, errOut := runBinary(t, env, bin, noPath(t), "--profile", "auditor", "--all", "-o", "ndjson")
	if code != 1 {
		t.Errorf("exit %d\n%s", code, errOut)
	}
	_, targets := records(t, out)
	for _, name := range []string{"prod-web01", "dev-web01"} {
		c := wantStatus(t, targets[name], "session-logging", "fail", "role AmazonSSMRoleForInstancesQuickSetup is not allowed", "logs:CreateLogStream", "s3:PutObject")
		if !strings.Contains(c.fixes(), "SessionManagerLogGroup") {
			t.Errorf("%s logging fix: %s", name, c.fixes())
		}
	}
	// The public subnet routes to an internet gateway and gives its instances public IPs.
	wantStatus(t, targets["prod-web01"], "network", "pass")
	tier := wantStatus(t, targets["onprem-app01"], "hybrid-tier", "fail", "standard tier", "advanced-instances tier")
	if !strings.Contains(tier.fixes(), "activation-tier --setting-value advanced") {
		t.Errorf("tier fix: %s", tier.fixes())
	}
	wantStatus(t, targets["onprem-app01"], "network", "skip")
	wantStatus(t, targets["onprem-app01"], "agent-identity", "pass", "AmazonEC2RunCommandRoleForManagedInstances")

	code, out, _ = runBinary(t, env, bin, noPath(t), "--profile", "production", "Name=prod-web01", "-o", "ndjson")
	if code != 3 {
		t.Errorf("production: exit %d, want 3 (could not tell)", code)
	}
	_, targets = records(t, out)
	m := wantStatus(t, targets["prod-web01"], "managed", "unknown", "needs permission ssm:DescribeInstanceInformation")
	if m.Permission != "ssm:DescribeInstanceInformation" {
		t.Errorf("permission %q", m.Permission)
	}
	// The instance role cannot be read either: unknown, naming the IAM read.
	if id := wantStatus(t, targets["prod-web01"], "agent-identity", "unknown", "needs permission iam:"); !strings.HasPrefix(id.Permission, "iam:") {
		t.Errorf("agent-identity permission %q", id.Permission)
	}
	readOnly(t, env)
}

// A healthy instance is ready; an instance without an instance profile is
// judged by the Default Host Management Configuration role.
func TestTargetsDHMCAndHealthy(t *testing.T) {
	env := sandbox.StartT(t, "testdata/dhmc.yaml")
	bin := build(t)
	code, out, errOut := runBinary(t, env, bin, noPath(t), "--profile", "platform", "Name=app01", "-o", "ndjson")
	_, targets := records(t, out)
	if code != 0 || targets["app01"].Verdict != "ready" {
		t.Errorf("healthy app01: exit %d, %+v\n%s", code, targets["app01"], errOut)
	}
	code, out, _ = runBinary(t, env, bin, noPath(t), "--profile", "platform", "Name=dhmc01", "Name=dhmc-old01", "-o", "ndjson")
	accounts, targets := records(t, out)
	if code != 1 || len(accounts) != 1 {
		t.Errorf("exit %d, %d account records", code, len(accounts))
	}
	wantStatus(t, accounts[0], "account.dhmc", "pass", "service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole")
	wantStatus(t, targets["dhmc01"], "agent-identity", "pass", "DHMC role AWSSystemsManagerDefaultEC2InstanceManagementRole allows what the agent needs")
	if targets["dhmc01"].Verdict != "ready" {
		t.Errorf("dhmc01: %s", targets["dhmc01"].Verdict)
	}
	wantStatus(t, targets["dhmc-old01"], "agent-identity", "fail", "DHMC cannot manage it", "older than 3.2.582.0")
	// --expect-tag: app01 carries ssmaccess=true, dhmc01 does not.
	code, out, _ = runBinary(t, env, bin, noPath(t), "--profile", "platform", "Name=app01", "Name=dhmc01", "--expect-tag", "ssmaccess=true", "-o", "ndjson")
	_, targets = records(t, out)
	wantStatus(t, targets["app01"], "expect-tag", "pass")
	if c := wantStatus(t, targets["dhmc01"], "expect-tag", "fail", "ssmaccess is missing"); !strings.Contains(c.fixes(), "aws ec2 create-tags") || code != 1 {
		t.Errorf("exit %d, fix %s", code, c.fixes())
	}
	readOnly(t, env)
}
