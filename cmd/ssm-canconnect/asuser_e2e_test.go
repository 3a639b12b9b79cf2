package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// The --as-user tests run the built binary against the sandbox's Identity
// Center, as a person would with a profile of the instance's account.

var (
	icBuildOnce sync.Once
	icBin       string
	icBuildErr  error
)

// icBinary builds ssm-canconnect once for these tests.
func icBinary(t *testing.T) string {
	t.Helper()
	icBuildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ssm-canconnect-ic-")
		if err != nil {
			icBuildErr = err
			return
		}
		icBin = dir + "/ssm-canconnect"
		if out, err := exec.Command("go", "build", "-o", icBin, ".").CombinedOutput(); err != nil {
			icBuildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if icBuildErr != nil {
		t.Fatal(icBuildErr)
	}
	return icBin
}

// icWorld is a sandbox with a profile "ic-admin" of the Identity Center
// account (static keys of its OrganizationAccountAccessRole), as an
// administrator of the management account would have.
type icWorld struct {
	env *sandbox.Env
	bin string
	url string // gateway URL the tool talks to
}

func startIC(t *testing.T, scenario, icAccount, region string) *icWorld {
	t.Helper()
	env := sandbox.StartT(t, scenario)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	creds, err := env.AccountCredentials(ctx, icAccount)
	if err != nil {
		t.Fatal(err)
	}
	appendFile(t, env.Local.Credentials, fmt.Sprintf("\n[ic-admin]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n",
		creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken))
	appendFile(t, env.Local.Config, "\n[profile ic-admin]\nregion = "+region+"\n")
	return &icWorld{env: env, bin: icBinary(t), url: env.URL}
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// run runs ssm-canconnect with NDJSON output against the world's gateway.
func (w *icWorld) run(t *testing.T, args ...string) simRun {
	t.Helper()
	cmd := exec.Command(w.bin, append([]string{"-o", "ndjson", "--no-cache"}, args...)...)
	var env []string
	for _, kv := range w.env.Environ(os.Environ()) {
		if strings.HasPrefix(kv, "AWS_ENDPOINT_URL") {
			k, _, _ := strings.Cut(kv, "=")
			kv = k + "=" + w.url
		}
		env = append(env, kv)
	}
	cmd.Env = env
	cmd.Stdin = strings.NewReader("")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return simRun{code, out.String(), errb.String()}
}

// field walks a decoded record: field(rec, "principal", "user", "userName").
func field(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any, path ...any) string {
	s, _ := field(v, path...).(string)
	return s
}

// setNamed returns the permissionSets[] entry with that name, or nil.
func setNamed(rec map[string]any, name string) map[string]any {
	l, _ := rec["permissionSets"].([]any)
	for _, e := range l {
		if m, _ := e.(map[string]any); str(m, "name") == name {
			return m
		}
	}
	return nil
}

func fixTexts(rec map[string]any) []string {
	var out []string
	l, _ := rec["fixes"].([]any)
	for _, f := range l {
		out = append(out, str(f, "text"))
	}
	return out
}

func checkOf(rec map[string]any, id string) map[string]any {
	l, _ := rec["checks"].([]any)
	for _, c := range l {
		if m, _ := c.(map[string]any); str(m, "id") == id {
			return m
		}
	}
	return nil
}

func mustReadOnly(t *testing.T, env *sandbox.Env) {
	t.Helper()
	bad, err := audit.NonReadOnly(env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("ssm-canconnect --as-user made non-read-only calls: %+v", bad)
	}
}

func TestAsUserSeedE2E(t *testing.T) {
	w := startIC(t, "seed", "717279730613", "eu-west-1")
	base := []string{"--profile", "cast-dev-admin", "--identity-center-profile", "ic-admin"}

	t.Run("both users, port forwarding: one record each, exit 1", func(t *testing.T) {
		r := w.run(t, append(base, "--as-user", "a-a836660", "--as-user", "a-a837172", "--session", "port-forward", "Name=cast-dev-app01")...)
		recs := decisionsOf(t, r.stdout)
		if r.code != 1 || len(recs) != 2 {
			t.Fatalf("exit %d, %d records, want 1 and 2\nstderr: %s", r.code, len(recs), r.stderr)
		}
		ana, aaron := recs[0], recs[1]
		if got := str(ana, "principal", "user", "userName"); got != "a-a836660" {
			t.Fatalf("first record is for %q", got)
		}
		// a-a836660: allowed through the operators group and its permission set.
		if got := str(ana, "permission"); got != "allowed" {
			t.Errorf("a-a836660 permission = %q (%s), want allowed", got, str(ana, "reason"))
		}
		pf := setNamed(ana, "EC2-SSM-PortForward")
		if pf == nil || str(pf, "permission") != "allowed" || str(pf, "via", 0) != "group aws-ec2-ssm-operators" {
			t.Errorf("a-a836660's EC2-SSM-PortForward = %v, want allowed via group aws-ec2-ssm-operators", pf)
		}
		if st := fmt.Sprint(field(pf, "statements")); !strings.Contains(st, "StartPortForwardingOnTaggedInstances") {
			t.Errorf("deciding statements = %s, want the ssmaccess=true statement", st)
		}
		if ro := setNamed(ana, "ReadOnlyDev"); ro == nil || str(ro, "permission") != "denied" {
			t.Errorf("a-a836660's ReadOnlyDev = %v, want denied (its own answer)", ro)
		}
		groups := fmt.Sprint(field(ana, "principal", "groups"))
		if !strings.Contains(groups, "name:aws-ec2-ssm-operators") || !strings.Contains(groups, "externalIssuer:SailPoint") {
			t.Errorf("principal.groups = %s, want aws-ec2-ssm-operators from SailPoint", groups)
		}
		if arn := str(ana, "principal", "arn"); !strings.HasPrefix(arn, "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_EC2-SSM-PortForward_") || !strings.HasSuffix(arn, "/a-a836660") {
			t.Errorf("principal.arn = %q, want the reserved role's session named after the user", arn)
		}
		if tags := field(ana, "principal", "user", "tags", "CostCenter"); tags != "CC-4410" {
			t.Errorf("ABAC tag CostCenter = %v, want CC-4410 from the enterprise attribute", tags)
		}
		// a-a837172: only ReadOnlyDev; the fix names the group to request in SailPoint.
		if got := str(aaron, "decision"); got != "denied" || str(aaron, "permission") != "denied" {
			t.Errorf("a-a837172 = %s/%s, want denied", str(aaron, "permission"), got)
		}
		sets, _ := aaron["permissionSets"].([]any)
		if len(sets) != 1 || str(sets[0], "name") != "ReadOnlyDev" {
			t.Errorf("a-a837172 permission sets = %v, want only ReadOnlyDev", sets)
		}
		fixes := fixTexts(aaron)
		if len(fixes) == 0 || !strings.Contains(fixes[0], "group aws-ec2-ssm-operators") || !strings.Contains(fixes[0], "SailPoint") {
			t.Errorf("a-a837172's first fix = %q, want membership of aws-ec2-ssm-operators requested in SailPoint", fixes)
		}
	})

	t.Run("a shell is not allowed, and the record says why", func(t *testing.T) {
		r := w.run(t, append(base, "--as-user", "a-a836660", "--session", "shell", "Name=cast-dev-app01")...)
		recs := decisionsOf(t, r.stdout)
		if r.code != 1 || len(recs) != 1 {
			t.Fatalf("exit %d, %d records\nstderr: %s", r.code, len(recs), r.stderr)
		}
		pf := setNamed(recs[0], "EC2-SSM-PortForward")
		if str(recs[0], "permission") != "denied" || pf == nil || str(pf, "permission") != "denied" {
			t.Fatalf("shell: permission %q, EC2-SSM-PortForward %v; want denied", str(recs[0], "permission"), pf)
		}
		if why := str(pf, "reason"); !strings.Contains(why, "SSM-SessionManagerRunShell") {
			t.Errorf("reason = %q, want the shell document it does not allow", why)
		}
	})

	t.Run("by email", func(t *testing.T) {
		// --region names the targets' region; the Identity Center profile keeps its own.
		r := w.run(t, append(base, "--region", "eu-west-1", "--as-user", "aaron.abbott@castsoftware.example", "--session", "port-forward", "Name=cast-dev-app01")...)
		recs := decisionsOf(t, r.stdout)
		if len(recs) != 1 || str(recs[0], "principal", "user", "userName") != "a-a837172" {
			t.Fatalf("exit %d, records %v, want a-a837172\nstderr: %s", r.code, recs, r.stderr)
		}
	})

	t.Run("a user that does not exist is exit 2, no record", func(t *testing.T) {
		r := w.run(t, append(base, "--as-user", "a-a836660", "--as-user", "nobody-here", "Name=cast-dev-app01")...)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "error:") || !strings.Contains(r.stderr, `"nobody-here"`) {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 naming the user, nothing on stdout", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("without --identity-center-profile: exit 2 naming the flag and the account", func(t *testing.T) {
		r := w.run(t, "--profile", "cast-dev-admin", "--as-user", "a-a836660", "Name=cast-dev-app01")
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "--identity-center-profile") || !strings.Contains(r.stderr, "717279730613") {
			t.Errorf("exit %d, stderr %q; want exit 2 naming --identity-center-profile and 717279730613", r.code, r.stderr)
		}
	})

	t.Run("--as-permission-set on its own", func(t *testing.T) {
		r := w.run(t, append(base, "--as-permission-set", "EC2-SSM-PortForward", "--session", "port-forward", "--session", "shell", "Name=cast-dev-app01")...)
		recs := decisionsOf(t, r.stdout)
		if len(recs) != 2 {
			t.Fatalf("exit %d, %d records\nstderr: %s", r.code, len(recs), r.stderr)
		}
		if str(recs[0], "principal", "type") != "permission-set" || str(recs[0], "principal", "permissionSet") != "EC2-SSM-PortForward" {
			t.Errorf("principal = %v", recs[0]["principal"])
		}
		if str(recs[0], "permission") != "allowed" || str(recs[1], "permission") != "denied" {
			t.Errorf("port-forward %q, shell %q; want allowed, denied", str(recs[0], "permission"), str(recs[1], "permission"))
		}
		r = w.run(t, append(base, "--as-permission-set", "NoSuchSet", "Name=cast-dev-app01")...)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, `"NoSuchSet"`) {
			t.Errorf("unknown permission set: exit %d, stderr %q; want exit 2 naming it", r.code, r.stderr)
		}
	})

	t.Run("identity store refused with the flag: unknown, naming the permission", func(t *testing.T) {
		r := w.run(t, "--profile", "cast-dev-admin", "--identity-center-profile", "cast-dev-admin", "--as-user", "a-a836660", "--session", "port-forward", "Name=cast-dev-app01")
		recs := decisionsOf(t, r.stdout)
		if len(recs) != 1 {
			t.Fatalf("exit %d, %d records; want 1\nstderr: %s", r.code, len(recs), r.stderr)
		}
		c := checkOf(recs[0], "identity-center")
		if str(recs[0], "permission") != "unknown" || c == nil || str(c, "status") != "unknown" || str(c, "permission") != "identitystore:GetUserId" {
			t.Errorf("permission %q, identity-center check %v; want unknown naming identitystore:GetUserId", str(recs[0], "permission"), c)
		}
	})

	t.Run("faults on Identity Center, IAM and Organizations reads: unknown, never allowed", func(t *testing.T) {
		for _, op := range []string{"sso-admin:ListAccountAssignments", "sso-admin:GetInlinePolicyForPermissionSet",
			"identitystore:ListGroupMembershipsForMember", "iam:ListRoles", "organizations:*"} {
			g, err := w.env.StartGateway(scenario.Fault{Operation: op, Kind: "error500"})
			if err != nil {
				t.Fatal(err)
			}
			faulty := *w
			faulty.url = g.URL
			r := faulty.run(t, append(base, "--as-user", "a-a836660", "--session", "port-forward", "Name=cast-dev-app01")...)
			recs := decisionsOf(t, r.stdout)
			if len(recs) != 1 || str(recs[0], "permission") != "unknown" {
				t.Errorf("%s failing: exit %d, records %v; want one record, permission unknown\nstderr: %s", op, r.code, len(recs), r.stderr)
				continue
			}
			if c := checkOf(recs[0], "start-session"); op == "organizations:*" && !strings.Contains(str(c, "reason"), "SCPs") {
				t.Errorf("organizations failing: start-session says %q, want the SCPs named", str(c, "reason"))
			}
		}
	})

	t.Run("calls grow with groups and permission sets, not with instances", func(t *testing.T) {
		count := func(args ...string) int {
			before, _ := audit.ReadFile(w.env.AuditPath)
			r := w.run(t, append(base, args...)...)
			if r.code != 1 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			after, _ := audit.ReadFile(w.env.AuditPath)
			n := 0
			for _, c := range after[len(before):] {
				if c.Service == "sso-admin" || c.Service == "identitystore" || c.Service == "iam" {
					n++
				}
			}
			return n
		}
		one := count("--as-user", "a-a836660", "Name=cast-dev-app01")
		two := count("--as-user", "a-a836660", "Name=cast-dev-app01", "Name=cast-dev-db01")
		if one == 0 || one != two {
			t.Errorf("Identity Center and IAM calls: %d for one instance, %d for two; want the same", one, two)
		}
	})

	mustReadOnly(t, w.env)
}

func TestAsUserABACE2E(t *testing.T) {
	w := startIC(t, "abac", "333344445555", "us-east-1")

	t.Run("principal tags from Identity Center attributes decide", func(t *testing.T) {
		// ReleaseId comes from the IdP's SAML assertion, which no API returns:
		// without it alice's answer on pam-web01 cannot be known.
		r := w.run(t, "--profile", "pam-inventory", "--identity-center-profile", "ic-admin", "--as-user", "alice", "Name=pam-web01")
		recs := decisionsOf(t, r.stdout)
		if len(recs) != 1 || str(recs[0], "permission") != "unknown" || !strings.Contains(str(recs[0], "reason"), "aws:PrincipalTag/ReleaseId") {
			t.Fatalf("alice without ReleaseId: exit %d, %v; want unknown naming aws:PrincipalTag/ReleaseId\nstderr: %s", r.code, recs, r.stderr)
		}
		// With the IdP's tag given, the configured attributes decide: alice's
		// department is webserver (pam-web01), bob's database (pam-db01).
		r = w.run(t, "--profile", "pam-inventory", "--identity-center-profile", "ic-admin", "--principal-tag", "ReleaseId=1.0",
			"--as-user", "alice", "--as-user", "bob", "Name=pam-web01", "Name=pam-db01")
		recs = decisionsOf(t, r.stdout)
		if len(recs) != 4 {
			t.Fatalf("exit %d, %d records; want 4\nstderr: %s", r.code, len(recs), r.stderr)
		}
		want := map[string]string{"alice pam-web01": "allowed", "alice pam-db01": "denied", "bob pam-web01": "denied", "bob pam-db01": "allowed"}
		for _, rec := range recs {
			k := str(rec, "principal", "user", "userName") + " " + str(rec, "target", "name")
			if got := str(rec, "permission"); got != want[k] {
				t.Errorf("%s: permission %q (%s), want %q", k, got, str(rec, "reason"), want[k])
			}
		}
		if got := field(recs[0], "principal", "user", "tags", "AppGroupName"); got != "webserver" {
			t.Errorf("alice's AppGroupName tag = %v, want webserver (enterprise.department)", got)
		}
		if sets, _ := recs[0]["permissionSets"].([]any); len(sets) != 1 || str(sets[0], "via", 0) != "user" {
			t.Errorf("alice's permission sets = %v, want PAMSessions assigned to the user", sets)
		}
	})

	t.Run("the caller's profile reads Identity Center when it can", func(t *testing.T) {
		r := w.run(t, "--profile", "ic-admin", "--principal-tag", "ReleaseId=1.0", "--as-user", "bob@example.com", "Name=pam-db01")
		recs := decisionsOf(t, r.stdout)
		if len(recs) != 1 || str(recs[0], "permission") != "allowed" || str(recs[0], "principal", "user", "userName") != "bob" {
			t.Errorf("exit %d, records %v; want bob allowed on pam-db01\nstderr: %s", r.code, recs, r.stderr)
		}
	})

	mustReadOnly(t, w.env)
}

func TestAsUserFlagConflictsAreUsageErrors(t *testing.T) {
	bin := icBinary(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--as-user", "a", "--as-permission-set", "P", "i-0123456789abcdef0"}, "not both"},
		{[]string{"--identity-center-profile", "org", "i-0123456789abcdef0"}, "goes with --as-user"},
		{[]string{"--as-user", "a", "--list"}, "not with --list"},
		{[]string{"--as-user", "a", "--as-role", "arn:aws:iam::111122223333:role/R", "i-0123456789abcdef0"}, "not both"},
		{[]string{"--as-user", "", "i-0123456789abcdef0"}, "user name or email"},
	} {
		r := runCanconnect(t, bin, "", tc.args...)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "error:") || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
