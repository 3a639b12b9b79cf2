package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// TestLiveSeedEndToEnd is the investigation in the seed scenario: the
// logged-in investigator (cast-dev-admin) asks about shell, ssh and port
// forwarding on both CASTSoftware-dev instances, and about the
// EC2-SSM-PortForward permission set a-a836660 was given.
func TestLiveSeedEndToEnd(t *testing.T) {
	env := sandbox.StartT(t, "seed")
	bin := buildLive(t)
	kinds := "--session shell --session ssh --session port-forward"

	r := liveScript(t, env, bin, "ssm-profiles --logged-in --account 925774240130 | ssm-canconnect "+kinds+" Name=cast-dev-app01 Name=cast-dev-db01")
	recs := accessChecks(t, r)
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (no: neither instance can take a session)\n%s", r.code, r.stderr)
	}
	for _, name := range []string{"cast-dev-app01", "cast-dev-db01"} {
		for _, kind := range []string{"shell", "ssh", "port-forward"} {
			a := findRecord(t, recs, "cast-dev-admin", name, kind)
			_, _, ev := a.check(t, "start-session")
			if a.Permission != "allowed" || !strings.Contains(ev, `"policy":"AdministratorAccess"`) {
				t.Errorf("%s %s: permission %s, want allowed by AdministratorAccess (deciding statement in the evidence)\n%s", name, kind, a.Permission, ev)
			}
			// Both instances are Online, but their agents hold no data channel.
			status, reason, _ := a.check(t, "target")
			if a.Decision != "denied" || status != "fail" || a.Target.PingStatus != "Online" || a.Target.Connection != "notconnected" ||
				!strings.Contains(reason, "Online but not connected") || !strings.Contains(reason, "ssm-readiness") {
				t.Errorf("%s %s: decision %s, target %s %q (%+v)", name, kind, a.Decision, status, reason, a.Target)
			}
			if len(a.Fixes) == 0 || a.Fixes[0].Command != "ssm-readiness --region eu-west-1 "+a.Target.ID {
				t.Errorf("%s %s: fixes %+v, want the ssm-readiness command first", name, kind, a.Fixes)
			}
			// Shell sessions use the preferences' KMS key; the Port plugin turns encryption off.
			enc, why, _ := a.check(t, "session-encryption")
			if (kind == "shell") != (enc == "pass") || (kind != "shell" && (enc != "skip" || !strings.Contains(why, "Port plugin"))) {
				t.Errorf("%s %s: session-encryption %s %q", name, kind, enc, why)
			}
			if sim, why, _ := a.check(t, "aws-simulator"); sim != "pass" {
				t.Errorf("%s %s: AWS's simulator: %s %q", name, kind, sim, why)
			}
		}
		ro := findRecord(t, recs, "cast-dev-readonly", name, "port-forward")
		if ro.Permission != "denied" || !strings.Contains(ro.Reason, "no identity-based policy allows ssm:StartSession") {
			t.Errorf("cast-dev-readonly on %s: %s %q", name, ro.Permission, ro.Reason)
		}
	}

	// The permission set a-a836660 was given, asked by the investigator.
	pf := seed.ReservedRoleARN("925774240130", "eu-west-1", "EC2-SSM-PortForward")
	r = liveScript(t, env, bin, "ssm-canconnect --profile cast-dev-admin --as-role "+pf+" "+kinds+" Name=cast-dev-app01 Name=cast-dev-db01")
	recs = accessChecks(t, r)
	const who = "cast-dev-admin"
	a := findRecord(t, recs, who, "cast-dev-app01", "port-forward")
	_, _, ev := a.check(t, "start-session")
	if a.Permission != "allowed" || !strings.Contains(ev, "StartPortForwardingOnTaggedInstances") || !strings.Contains(ev, "PortForwardingDocumentOnly") {
		t.Errorf("port-forward on app01: %s, evidence %s", a.Permission, ev)
	}
	// The statement allowing the instance requires ssm:SessionDocumentAccessCheck, so a
	// shell needs the default document too, which the permission set does not allow.
	a = findRecord(t, recs, who, "cast-dev-app01", "shell")
	if a.Permission != "denied" || !strings.Contains(a.Reason, "document/SSM-SessionManagerRunShell") || !a.Session.DefaultDocument {
		t.Errorf("shell on app01: %s %q", a.Permission, a.Reason)
	}
	if enc, why, _ := a.check(t, "session-encryption"); enc != "fail" || !strings.Contains(why, "kms:GenerateDataKey") {
		t.Errorf("shell on app01: session-encryption %s %q, want the missing kms:GenerateDataKey", enc, why)
	}
	a = findRecord(t, recs, who, "cast-dev-app01", "ssh")
	if a.Permission != "denied" || !strings.Contains(a.Reason, "document/AWS-StartSSHSession") {
		t.Errorf("ssh on app01: %s %q", a.Permission, a.Reason)
	}
	a = findRecord(t, recs, who, "cast-dev-db01", "port-forward")
	if a.Permission != "denied" || !strings.Contains(a.Reason, "ssm:resourceTag/ssmaccess") ||
		len(a.Fixes) == 0 || !strings.Contains(a.Fixes[0].Command, "Key=ssmaccess,Value=true") {
		t.Errorf("port-forward on db01: %s %q %+v", a.Permission, a.Reason, a.Fixes)
	}

	// The terminal-style answers: one line per principal and target, the checks with -o wide.
	r = liveScript(t, env, bin, "ssm-canconnect --profile cast-dev-admin --session port-forward -o wide Name=cast-dev-app01")
	if r.code != 1 || !strings.Contains(r.stdout, "no - Online but not connected") || !strings.Contains(r.stdout, "TARGET-STATE") {
		t.Errorf("-o wide: exit %d\n%s", r.code, r.stdout)
	}
	r = liveScript(t, env, bin, "ssm-canconnect -q --profile cast-dev-admin Name=cast-dev-app01")
	if r.code != 1 || r.stdout != "" || r.stderr != "" {
		t.Errorf("-q: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	// --list: the access matrix from batch calls and local evaluation only. A
	// member account's SCPs are unreadable to it, so its yes is unknown, naming
	// the permission.
	r = liveScript(t, env, bin, "ssm-canconnect --list --profile cast-dev-admin")
	if r.code != 3 || !strings.Contains(r.stdout, `"kind":"AccessMatrix"`) || strings.Count(r.stdout, "\n") != 2 ||
		!strings.Contains(r.stdout, "needs permission organizations:ListParents") {
		t.Errorf("--list: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if n := callsOf(r.calls, "ssm:GetConnectionStatus") + callsOf(r.calls, "iam:SimulatePrincipalPolicy"); n != 0 {
		t.Errorf("--list made %d per-instance calls (GetConnectionStatus, SimulatePrincipalPolicy)", n)
	}

	// ssh-config prints the block for the investigator's profile, never writes it.
	r = liveScript(t, env, bin, "ssm-canconnect ssh-config --profile cast-dev-admin")
	if r.code != 0 || !strings.Contains(r.stdout, "Host i-* mi-*") || !strings.Contains(r.stdout, "--preflight") ||
		!strings.Contains(r.stdout, "--document-name AWS-StartSSHSession") || !strings.Contains(r.stdout, "--region eu-west-1") || len(r.calls) != 0 {
		t.Errorf("ssh-config: exit %d, %d AWS calls\n%s%s", r.code, len(r.calls), r.stdout, r.stderr)
	}

	// An expired SSO token: exit 4 with the login command, before any call.
	r = liveScript(t, env, bin, "ssm-canconnect --profile cast-identity Name=cast-dev-app01")
	if r.code != 4 || len(r.calls) != 0 || !strings.Contains(r.stderr, "aws sso login --profile cast-identity") {
		t.Errorf("expired token: exit %d, %d calls, stderr %q", r.code, len(r.calls), r.stderr)
	}
}

// TestLiveWhitepaperEndToEnd is AWS's whitepaper set-up: permission sets
// scoped by the project tag, and sessions ended through
// session/${aws:username}-*, which never matches an SSO session. Its SSO
// users may not read IAM, so an administrator asks with --as-role, and the
// users' own answers are unknown, naming the permission.
func TestLiveWhitepaperEndToEnd(t *testing.T) {
	env := sandbox.StartT(t, "whitepaper")
	bin := buildLive(t)
	admin := adminEnv(t, env, "444455556666")
	prod := seed.ReservedRoleARN("444455556666", "ap-southeast-1", "ProductionPermissionSet")
	dev := seed.ReservedRoleARN("444455556666", "ap-southeast-1", "DevelopmentPermissionSet")

	for _, c := range []struct{ role, yes, no string }{{prod, "prod-web01", "dev-web01"}, {dev, "dev-web01", "prod-web01"}} {
		r := liveScript(t, env, bin, "ssm-canconnect --as-role "+c.role+" Name=prod-web01 Name=dev-web01", admin...)
		recs := accessChecks(t, r)
		if r.code != 1 || len(recs) != 2 {
			t.Errorf("%s: exit %d, %d records, want 1 and 2\n%s", c.role, r.code, len(recs), r.stderr)
			continue
		}
		yes, no := findRecord(t, recs, "", c.yes, "shell"), findRecord(t, recs, "", c.no, "shell")
		if yes.Decision != "allowed" || no.Decision != "denied" || !strings.Contains(no.Reason, "ssm:resourceTag/project") {
			t.Errorf("%s: %s %s %q; %s %s %q", c.role, c.yes, yes.Decision, yes.Reason, c.no, no.Decision, no.Reason)
		}
		// Ending one's own session: a warning, not a failure, with the form that works.
		status, why, _ := yes.check(t, "session-lifecycle")
		if status != "warn" || !strings.Contains(why, "ssm:TerminateSession") || !strings.Contains(why, "${aws:username}") {
			t.Errorf("%s: session-lifecycle %s %q", c.role, status, why)
		}
		works := false
		for _, f := range yes.Fixes {
			works = works || strings.Contains(f.Text, `"ssm:resourceTag/aws:ssmmessages:session-id":"${aws:userid}"`)
		}
		if !works {
			t.Errorf("%s: no fix gives the session/* form scoped by aws:userid: %+v", c.role, yes.Fixes)
		}
	}

	// testuser01 asks for itself: it may not read its own policies, so the
	// answer is unknown and names iam:GetRole; it may not list managed nodes,
	// so the hybrid node's state is unknown, naming ssm:DescribeInstanceInformation.
	r := liveScript(t, env, bin, "ssm-canconnect --profile production Name=prod-web01 mi-0a1b2c3d4e5f60718")
	recs := accessChecks(t, r)
	if r.code != 3 || len(recs) != 2 {
		t.Fatalf("production: exit %d, %d records\n%s", r.code, len(recs), r.stderr)
	}
	if status, why, _ := recs[0].check(t, "start-session"); recs[0].Permission != "unknown" || status != "unknown" || !strings.Contains(why, "needs permission iam:GetRole") {
		t.Errorf("production on prod-web01: %s, start-session %s %q", recs[0].Permission, status, why)
	}
	if status, why, _ := recs[1].check(t, "target"); status != "unknown" || !strings.Contains(why, "ssm:DescribeInstanceInformation") {
		t.Errorf("production on the hybrid node: target %s %q", status, why)
	}
}

// TestLiveABACEndToEnd: Identity Center attributes become session tags, and
// the tags, not the permission set, decide which instance each user reaches.
func TestLiveABACEndToEnd(t *testing.T) {
	env := sandbox.StartT(t, "abac")
	bin := buildLive(t)
	role := seed.ReservedRoleARN("333344445555", "us-east-1", "PAMSessions")
	for _, c := range []struct{ tags, yes, no string }{
		{"CostCenter=cc-42 AppGroupName=webserver AppId=ABC ReleaseId=1.0", "pam-web01", "pam-db01"},
		{"CostCenter=cc-77 AppGroupName=database AppId=XYZ ReleaseId=1.0", "pam-db01", "pam-web01"},
	} {
		args := ""
		for _, kv := range strings.Fields(c.tags) {
			args += " --principal-tag " + kv
		}
		r := liveScript(t, env, bin, "ssm-canconnect --profile pam-inventory --as-role "+role+args+" Name=pam-web01 Name=pam-db01")
		recs := accessChecks(t, r)
		yes, no := findRecord(t, recs, "pam-inventory", c.yes, "shell"), findRecord(t, recs, "pam-inventory", c.no, "shell")
		if r.code != 1 || yes.Decision != "allowed" || no.Decision != "denied" || !strings.Contains(no.Reason, "${aws:PrincipalTag/") {
			t.Errorf("%s: exit %d; %s %s %q; %s %s %q", c.tags, r.code, c.yes, yes.Decision, yes.Reason, c.no, no.Decision, no.Reason)
		}
		// AWS's simulator is given the same tags and agrees.
		if status, why, _ := yes.check(t, "aws-simulator"); status != "pass" {
			t.Errorf("%s: aws-simulator %s %q", c.tags, status, why)
		}
	}
	// Without the tags the answer depends on values ssmkit cannot see: unknown, saying how to give them.
	r := liveScript(t, env, bin, "ssm-canconnect --profile pam-inventory --as-role "+role+" Name=pam-web01")
	if recs := accessChecks(t, r); r.code != 3 || len(recs) != 1 || !strings.Contains(recs[0].Reason, "--principal-tag") {
		t.Errorf("no tags: exit %d\n%s", r.code, r.stdout)
	}
}

// adminEnv is the environment of an administrator of account: the sandbox's
// OrganizationAccountAccessRole credentials in the standard variables.
func adminEnv(t *testing.T, env *sandbox.Env, account string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := env.AccountCredentials(ctx, account)
	if err != nil {
		t.Fatal(err)
	}
	return []string{"AWS_ACCESS_KEY_ID=" + c.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + c.SecretAccessKey, "AWS_SESSION_TOKEN=" + c.SessionToken}
}
