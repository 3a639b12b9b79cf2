package main

import (
	"strings"
	"testing"

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
