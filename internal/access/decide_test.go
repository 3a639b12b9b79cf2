package access

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/policy"
)

// outcome is what a person reads off a record.
type outcome struct {
	Permission, Decision string
	Code                 int
	Statuses             map[string]check.Status
}

func outcomeOf(a AccessCheck) outcome {
	o := outcome{Permission: a.Permission, Decision: a.Decision, Code: a.Code, Statuses: map[string]check.Status{}}
	for _, c := range a.Checks {
		o.Statuses[c.ID] = c.Status
	}
	return o
}

func statuses(kv ...any) map[string]check.Status {
	m := map[string]check.Status{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(check.Status)
	}
	return m
}

func TestDecideSeedInvestigation(t *testing.T) {
	bool_ := func(b bool) *bool { return &b }
	tests := []struct {
		name       string
		in         func(t *testing.T) *Inputs
		ts         TargetState
		kind       Kind
		sim        *Simulated
		want       outcome
		reasonHas  []string
		fixHas     string
		commandHas string
	}{
		{"port forwarding to the tagged instance: yes", func(t *testing.T) *Inputs { return inputs(t, "EC2-SSM-PortForward", portForwardSet) },
			app01(), PortForward, nil,
			outcome{Allowed, Allowed, exitcode.OK, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Pass, CheckEncryption, check.Skip,
				CheckLifecycle, check.Pass, CheckTarget, check.Pass)},
			[]string{"StartPortForwardingOnTaggedInstances", "PortForwardingDocumentOnly"}, "", ""},
		{"port forwarding to the untagged instance: no, tag it", func(t *testing.T) *Inputs { return inputs(t, "EC2-SSM-PortForward", portForwardSet) },
			db01(), PortForward, nil,
			outcome{Denied, Denied, exitcode.No, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Fail, CheckEncryption, check.Skip,
				CheckLifecycle, check.Pass, CheckTarget, check.Pass)},
			[]string{"ssm:resourceTag/ssmaccess"}, "", "aws ec2 create-tags --region eu-west-1 --resources i-0469a9c7117edb2ba --tags Key=ssmaccess,Value=true"},
		{"shell without a document name: the check demands the default document", func(t *testing.T) *Inputs { return inputs(t, "EC2-SSM-PortForward", portForwardSet) },
			app01(), Shell, nil,
			outcome{Denied, Denied, exitcode.No, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Fail, CheckEncryption, check.Fail,
				CheckLifecycle, check.Pass, CheckTarget, check.Pass)},
			[]string{"document/SSM-SessionManagerRunShell"}, "permission set EC2-SSM-PortForward", ""},
		{"ssh: the document is not allowed", func(t *testing.T) *Inputs { return inputs(t, "EC2-SSM-PortForward", portForwardSet) },
			app01(), SSH, nil,
			outcome{Denied, Denied, exitcode.No, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Fail, CheckEncryption, check.Skip,
				CheckLifecycle, check.Pass, CheckTarget, check.Pass)},
			[]string{"AWS-StartSSHSession"}, "", ""},
		{"admin shell, Online but not connected: may, but cannot now", func(t *testing.T) *Inputs { return inputs(t, "AdministratorAccess", adminSet) },
			instanceState("i-0bf3b904b5fe9bf02", "cast-dev-app01", nil, "Online", "notconnected"), Shell, nil,
			outcome{Allowed, Denied, exitcode.No, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Pass, CheckEncryption, check.Pass,
				CheckLifecycle, check.Pass, CheckTarget, check.Fail)},
			[]string{"Online but not connected", "ssm-readiness"}, "", "ssm-readiness --region eu-west-1 i-0bf3b904b5fe9bf02"},
		{"outside the EU the SCP denies", func(t *testing.T) *Inputs {
			in := inputs(t, "AdministratorAccess", adminSet)
			in.Region = "us-east-1"
			return in
		}, app01(), PortForward, nil,
			outcome{Denied, Denied, exitcode.No, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Fail, CheckEncryption, check.Skip,
				CheckLifecycle, check.Warn, CheckTarget, check.Pass)},
			[]string{"DenyOutsideEU"}, "", ""},
		{"policies unreadable: unknown, naming iam:GetRole", func(t *testing.T) *Inputs {
			in := inputs(t, "EC2-SSM-PortForward", portForwardSet)
			in.PoliciesErr = check.Read("iam:GetRole", psRole, denied("IAM", "GetRole", "AccessDenied"))
			return in
		}, app01(), PortForward, nil,
			outcome{Unknown, Unknown, exitcode.Unknown, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Unknown, CheckEncryption, check.Skip,
				CheckLifecycle, check.Unknown, CheckTarget, check.Pass)},
			[]string{"needs permission iam:GetRole"}, "", ""},
		{"SCPs unreadable: unknown, naming organizations:ListParents", func(t *testing.T) *Inputs {
			in := inputs(t, "EC2-SSM-PortForward", portForwardSet)
			in.OrgsErr = check.Read("organizations:ListParents", acct, denied("Organizations", "ListParents", "AccessDeniedException"))
			return in
		}, app01(), PortForward, nil,
			outcome{Unknown, Unknown, exitcode.Unknown, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Unknown, CheckEncryption, check.Skip,
				CheckLifecycle, check.Pass, CheckTarget, check.Pass)},
			[]string{"StartPortForwardingOnTaggedInstances", "needs permission organizations:ListParents"}, "", ""},
		{"SCPs unreadable, but AWS's simulator says the organization allows", func(t *testing.T) *Inputs {
			in := inputs(t, "EC2-SSM-PortForward", portForwardSet)
			in.OrgsErr = check.Read("organizations:ListParents", acct, denied("Organizations", "ListParents", "AccessDeniedException"))
			return in
		}, app01(), PortForward, &Simulated{Results: []gather.SimulatedResult{
			{Resource: "arn:aws:ec2:eu-west-1:925774240130:instance/i-0bf3b904b5fe9bf02", Decision: "allowed", AllowedByOrganizations: bool_(true)},
			{Resource: "arn:aws:ssm:eu-west-1::document/AWS-StartPortForwardingSession", Decision: "allowed", AllowedByOrganizations: bool_(true)}}},
			outcome{Allowed, Allowed, exitcode.OK, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Pass, CheckEncryption, check.Skip,
				CheckLifecycle, check.Pass, CheckTarget, check.Pass, CheckSimulator, check.Pass)},
			nil, "", ""},
		{"AWS's simulator disagrees: unknown, both answers shown", func(t *testing.T) *Inputs { return inputs(t, "EC2-SSM-PortForward", portForwardSet) },
			app01(), PortForward, &Simulated{Results: []gather.SimulatedResult{
				{Resource: "arn:aws:ec2:eu-west-1:925774240130:instance/i-0bf3b904b5fe9bf02", Decision: "implicitDeny"},
				{Resource: "arn:aws:ssm:eu-west-1::document/AWS-StartPortForwardingSession", Decision: "allowed"}}},
			outcome{Unknown, Unknown, exitcode.Unknown, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Pass, CheckEncryption, check.Skip,
				CheckLifecycle, check.Pass, CheckTarget, check.Pass, CheckSimulator, check.Warn)},
			[]string{"AWS says implicitDeny, ssmkit says allowed"}, "", ""},
		{"simulator not allowed: skipped, the local answer stands", func(t *testing.T) *Inputs { return inputs(t, "EC2-SSM-PortForward", portForwardSet) },
			app01(), PortForward, &Simulated{Err: check.Read("iam:SimulatePrincipalPolicy", "", denied("IAM", "SimulatePrincipalPolicy", "AccessDenied"))},
			outcome{Allowed, Allowed, exitcode.OK, statuses(CheckCredentials, check.Pass, CheckStartSession, check.Pass, CheckEncryption, check.Skip,
				CheckLifecycle, check.Pass, CheckTarget, check.Pass, CheckSimulator, check.Skip)},
			nil, "", ""},
		{"nothing matches: no", func(t *testing.T) *Inputs { return inputs(t, "EC2-SSM-PortForward", portForwardSet) },
			TargetState{Spec: "Name=web-99", NotFound: true, Account: acct, Region: region}, PortForward, nil,
			outcome{Unknown, Denied, exitcode.No, statuses(CheckCredentials, check.Pass, CheckTarget, check.Fail)},
			[]string{"no instance or managed node matches Name=web-99 in account 925774240130, region eu-west-1"}, "", ""},
		{"login needed: exit 4, nothing else asked", func(t *testing.T) *Inputs {
			in := inputs(t, "EC2-SSM-PortForward", portForwardSet)
			in.Credentials = check.Check{ID: CheckCredentials, Title: "credentials", Status: check.Fail, Reason: "the SSO token has expired",
				Class: "sso-login", Fixes: []check.Fix{{Text: "log in", Command: "aws sso login --sso-session cast"}}}
			return in
		}, app01(), PortForward, nil,
			outcome{Unknown, Unknown, exitcode.Credentials, statuses(CheckCredentials, check.Fail)},
			[]string{"expired"}, "", "aws sso login --sso-session cast"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Decide(tt.in(t), tt.ts, sessionOf(t, tt.kind), tt.sim, Options{ConnectionAsked: true, Lifecycle: true})
			if diff := cmp.Diff(tt.want, outcomeOf(got)); diff != "" {
				t.Errorf("(-want +got)\n%s\nreason: %s", diff, got.Reason)
			}
			for _, s := range tt.reasonHas {
				if !strings.Contains(got.Reason, s) {
					t.Errorf("reason %q lacks %q", got.Reason, s)
				}
			}
			var fixes, commands []string
			for _, f := range got.Fixes {
				fixes = append(fixes, f.Where+" "+f.Text)
				commands = append(commands, f.Command)
			}
			if tt.fixHas != "" && !strings.Contains(strings.Join(fixes, "\n"), tt.fixHas) {
				t.Errorf("fixes %q lack %q", fixes, tt.fixHas)
			}
			if tt.commandHas != "" && !contains(commands, tt.commandHas) {
				t.Errorf("commands %q lack %q", commands, tt.commandHas)
			}
		})
	}
}

// Session encryption: the seed's planted gap 2. The permission set may
// start shell sessions but has no kms:GenerateDataKey, and the key policy
// only delegates to IAM: the fix names both ways.
func TestDecideEncryptionGap(t *testing.T) {
	doc := strings.Replace(portForwardSet, `"Resource":"arn:aws:ssm:*::document/AWS-StartPortForwardingSession"`,
		`"Resource":["arn:aws:ssm:*::document/AWS-StartPortForwardingSession","arn:aws:ssm:*:*:document/SSM-SessionManagerRunShell"]`, 1)
	in := inputs(t, "EC2-SSM-PortForward", doc)
	got := Decide(in, app01(), sessionOf(t, Shell), nil, Options{ConnectionAsked: true})
	enc, _ := got.Check(CheckEncryption)
	if got.Decision != Denied || enc.Status != check.Fail || !strings.Contains(enc.Reason, keyARN) {
		t.Fatalf("decision %s, encryption %+v", got.Decision, enc)
	}
	var texts []string
	for _, f := range enc.Fixes {
		texts = append(texts, f.Where+": "+f.Text)
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{`"Action":"kms:GenerateDataKey","Resource":"` + keyARN + `"`, "key policy of " + keyARN, `"Principal":{"AWS":"arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_EC2-SSM-PortForward_c20995a0822fa8ba"}`} {
		if !strings.Contains(all, want) {
			t.Errorf("encryption fixes lack %s:\n%s", want, all)
		}
	}
	// A grant to the role decides it; an unreadable key policy leaves it unknown.
	in.Keys[keyARN] = KeyInfo{Key: in.Keys[keyARN].Key, Grants: []gather.Grant{{ID: "g1", GranteePrincipal: in.Policies.ARN, Operations: []string{"Decrypt", "GenerateDataKey"}}}}
	if enc, _ := Decide(in, app01(), sessionOf(t, Shell), nil, Options{}).Check(CheckEncryption); enc.Status != check.Pass || !strings.Contains(enc.Reason, "grant g1") {
		t.Errorf("with a grant: %+v", enc)
	}
	k := *in.Keys[keyARN].Key
	k.Policy, k.PolicyErr = nil, check.Read("kms:GetKeyPolicy", keyARN, denied("KMS", "GetKeyPolicy", "AccessDeniedException"))
	in.Keys[keyARN] = KeyInfo{Key: &k}
	if enc, _ := Decide(in, app01(), sessionOf(t, Shell), nil, Options{}).Check(CheckEncryption); enc.Status != check.Unknown || enc.Permission != "kms:GetKeyPolicy" {
		t.Errorf("key policy unreadable: %+v", enc)
	}
	// No key in the preferences: nothing to check.
	in.Preferences.KMSKeyID = ""
	if enc, _ := Decide(in, app01(), sessionOf(t, Shell), nil, Options{}).Check(CheckEncryption); enc.Status != check.Skip {
		t.Errorf("no key: %+v", enc)
	}
}

// The whitepaper's permission sets end sessions with session/${aws:username}-*:
// never an SSO session's. A warning that says so, with the form that works.
func TestDecideUsernameSessionResourceWarns(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[
	{"Effect":"Allow","Action":["ssm:DescribeSessions","ssm:DescribeInstanceProperties","ec2:DescribeInstances","ssm:GetConnectionStatus","ssm:GetServiceSetting"],"Resource":"*"},
	{"Effect":"Allow","Action":["ssm:StartSession"],"Resource":["arn:aws:ec2:*:*:instance/*","arn:aws:ssm:*:*:managed-instance/*"],"Condition":{"StringLike":{"ssm:resourceTag/project":["Production"]}}},
	{"Effect":"Allow","Action":["ssm:TerminateSession"],"Resource":["arn:aws:ssm:*:*:session/${aws:username}-*"]}]}`
	in := inputs(t, "ProductionPermissionSet", doc)
	in.Preferences.KMSKeyID = ""
	ts := instanceState("i-0bf3b904b5fe9bf02", "prod-web01", map[string]string{"project": "Production"}, "Online", "connected")
	got := Decide(in, ts, sessionOf(t, Shell), nil, Options{ConnectionAsked: true, Lifecycle: true})
	lc, _ := got.Check(CheckLifecycle)
	if got.Decision != Allowed || lc.Status != check.Warn {
		t.Fatalf("decision %s (%s), lifecycle %+v", got.Decision, got.Reason, lc)
	}
	if !strings.Contains(lc.Reason, "never matches a role or SSO session") || len(lc.Fixes) == 0 ||
		!strings.Contains(lc.Fixes[0].Text, `"ssm:resourceTag/aws:ssmmessages:session-id":"${aws:userid}"`) {
		t.Errorf("lifecycle: %s\nfixes: %+v", lc.Reason, lc.Fixes)
	}
	if !strings.Contains(lc.Reason, "ssm:ResumeSession") || strings.Contains(lc.Reason, "ssm:DescribeSessions") {
		t.Errorf("lifecycle names the wrong actions: %s", lc.Reason)
	}
}

// ABAC (seed 002): the decision depends on session tags. Unseen, the answer
// is unknown and says how to give them; given, they decide.
func TestDecidePrincipalTagsDecide(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Sid":"SSMStartSession","Effect":"Allow","Action":"ssm:StartSession",
	 "Resource":["arn:aws:ec2:*:925774240130:instance/*"],"Condition":{"StringEquals":{
	 "ssm:resourceTag/APP_GROUP_NAME":"${aws:PrincipalTag/AppGroupName}","ssm:resourceTag/APP_ID":"${aws:PrincipalTag/AppId}"}}},
	 {"Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*::document/*"}]}`
	web := instanceState("i-0bf3b904b5fe9bf02", "pam-web01", map[string]string{"APP_GROUP_NAME": "webserver", "APP_ID": "ABC"}, "Online", "connected")
	in := inputs(t, "PAMSessions", doc)
	got := Decide(in, web, sessionOf(t, PortForward), nil, Options{ConnectionAsked: true})
	if got.Decision != Unknown || !strings.Contains(got.Reason, "--principal-tag") {
		t.Errorf("tags unseen: %s - %s", got.Decision, got.Reason)
	}
	in.PrincipalTags, in.TagsKnown = map[string]string{"AppGroupName": "webserver", "AppId": "ABC"}, true
	if got := Decide(in, web, sessionOf(t, PortForward), nil, Options{ConnectionAsked: true}); got.Decision != Allowed {
		t.Errorf("matching tags: %s - %s", got.Decision, got.Reason)
	}
	in.PrincipalTags["AppGroupName"] = "database"
	if got := Decide(in, web, sessionOf(t, PortForward), nil, Options{ConnectionAsked: true}); got.Decision != Denied {
		t.Errorf("other tags: %s - %s", got.Decision, got.Reason)
	}
}

// The record keeps its target self-contained for ssm-readiness.
func TestRecordShape(t *testing.T) {
	got := Decide(inputs(t, "EC2-SSM-PortForward", portForwardSet), app01(), sessionOf(t, PortForward), nil, Options{ConnectionAsked: true})
	want := TargetRef{ID: "i-0bf3b904b5fe9bf02", Name: "cast-dev-app01", Account: acct, Region: region, State: "running", PingStatus: "Online", Connection: "connected"}
	if diff := cmp.Diff(want, got.Target); diff != "" || got.Kind != "AccessCheck" || got.Principal.Profile != "ops" {
		t.Errorf("target (-want +got)\n%s", diff)
	}
	if got.Answer() != "yes" || got.TableRow(false)[3] != "yes" {
		t.Errorf("answer %q", got.Answer())
	}
	if policy.DefaultSessionDocument != sessionOf(t, Shell).Session.Document {
		t.Error("a shell session is not the default document")
	}
}

// A hybrid node whose tags cannot be read: tag conditions cannot be decided.
func TestDecideUnreadableNodeTagsAreUnknown(t *testing.T) {
	ts := instanceState("mi-0a1b2c3d4e5f60718", "onprem-app01", nil, "Online", "connected")
	ts.Target.TagsErr = check.Read("ssm:ListTagsForResource", "mi-0a1b2c3d4e5f60718", denied("SSM", "ListTagsForResource", "AccessDeniedException"))
	got := Decide(inputs(t, "EC2-SSM-PortForward", portForwardSet), ts, sessionOf(t, PortForward), nil, Options{ConnectionAsked: true})
	ss, _ := got.Check(CheckStartSession)
	if got.Decision != Unknown || ss.Permission != "ssm:ListTagsForResource" {
		t.Errorf("decision %s, start-session %+v", got.Decision, ss)
	}
}
