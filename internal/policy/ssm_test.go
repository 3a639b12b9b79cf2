package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSessionManagerHelpers(t *testing.T) {
	inst, err := TargetARN("aws", "us-east-1", acct, "i-0123456789abcdef0")
	if err != nil || inst != instARN {
		t.Errorf("TargetARN(i-) = %q, %v; want %q", inst, err, instARN)
	}
	mi, err := TargetARN("aws", "eu-west-1", acct, "mi-0123456789abcdef0")
	if err != nil || mi != "arn:aws:ssm:eu-west-1:111122223333:managed-instance/mi-0123456789abcdef0" {
		t.Errorf("TargetARN(mi-) = %q, %v", mi, err)
	}
	if _, err := TargetARN("aws", "us-east-1", acct, "web-1"); err == nil {
		t.Error("TargetARN accepted a name")
	}
	if got := DocumentARN("aws", "us-east-1", acct, "AWS-StartPortForwardingSession"); got != docARN {
		t.Errorf("AWS-owned document ARN = %q, want %q", got, docARN)
	}
	if got := DocumentARN("aws", "us-east-1", acct, "Team-Shell"); got != "arn:aws:ssm:us-east-1:111122223333:document/Team-Shell" {
		t.Errorf("own document ARN = %q", got)
	}
}

// The Go API the access checks use: may this SSO user port-forward to this
// instance (seed000-port-forwarding.json's ssmaccess=true scoping)?
func TestStartSessionRequestWithSeed000(t *testing.T) {
	set := Set{Identity: []*Policy{loadPolicy(t, "seed000-port-forwarding.json", KindIdentity)}}
	tests := []struct {
		name string
		tags map[string]string
		doc  string
		want []Decision
	}{
		{"tagged, port forwarding", map[string]string{"ssmaccess": "true"}, docARN, []Decision{Allowed, Allowed}},
		{"tagged, SSH document", map[string]string{"ssmaccess": "true"}, DocumentARN("aws", "us-east-1", acct, "AWS-StartSSHSession"), []Decision{Allowed, ImplicitDeny}},
		{"untagged, port forwarding", nil, docARN, []Decision{ImplicitDeny, Allowed}},
		{"tagged, default shell", map[string]string{"ssmaccess": "true"}, "", []Decision{Allowed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Evaluate(StartSessionRequest(ssoARN, TaggedResource(instARN, tt.tags), tt.doc, nil), set)
			if err != nil {
				t.Fatal(err)
			}
			var got []Decision
			for _, r := range res.Resources {
				got = append(got, r.Decision)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("per-resource decisions (-want +got):\n%s", diff)
			}
		})
	}
}

// A request with the standard context passes the region guard and the date
// window that a real permission set might carry.
func TestRequestContextSatisfiesTypicalGuards(t *testing.T) {
	doc := allowDoc(`{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*","Condition":{
		"StringEquals":{"aws:RequestedRegion":"eu-west-1"},
		"Bool":{"aws:SecureTransport":"true"},
		"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"},
		"NumericGreaterThan":{"aws:EpochTime":"1700000000"}}}`)
	set := Set{Identity: []*Policy{mustParse(t, "p", KindIdentity, doc)}}
	now := time.Date(2026, 11, 21, 23, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		region string
		want   Decision
	}{{"eu-west-1", Allowed}, {"us-east-1", ImplicitDeny}} {
		req := Request{Principal: ssoARN, Action: ActionStartSession, Resources: []Resource{{ARN: instARN}}, Context: RequestContext(tt.region, now)}
		if got := decide(t, req, set); got != tt.want {
			t.Errorf("region %s: decision = %s, want %s", tt.region, got, tt.want)
		}
	}
}

// The default-document rule (getting-started-sessiondocumentaccesscheck.html):
// a shell session without a document name authorizes the target alone,
// unless the statement that allows the target requires the document check.
func TestEvaluateStartSessionDefaultDocumentRule(t *testing.T) {
	const (
		shellDoc = "arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell"
		plain    = `{"Sid":"Plain","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"ssm:resourceTag/ssmaccess":"true"}}}`
		checked  = `{"Sid":"Checked","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"ssm:resourceTag/ssmaccess":"true"},"BoolIfExists":{"ssm:SessionDocumentAccessCheck":"true"}}}`
		shell    = `{"Sid":"Shell","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*:*:document/SSM-SessionManagerRunShell"}`
		portDoc  = `{"Sid":"Port","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*::document/AWS-StartPortForwardingSession"}`
	)
	tagged := map[string]string{"ssmaccess": "true"}
	tests := []struct {
		name       string
		statements []string
		tags       map[string]string
		doc        string
		want       Decision
		resources  []string // the ARNs that were authorized
		failedKeys []string // keys of failed conditions, across resources
	}{
		{"no check: the target alone", []string{plain}, tagged, "", Allowed, []string{instARN}, nil},
		{"check, shell document allowed", []string{checked, shell}, tagged, "", Allowed, []string{instARN, shellDoc}, nil},
		{"check, shell document not allowed", []string{checked, portDoc}, tagged, "", ImplicitDeny, []string{instARN, shellDoc}, nil},
		{"check, untagged: the tag decides, not the check", []string{checked, shell}, nil, "", ImplicitDeny, []string{instARN}, []string{"ssm:resourceTag/ssmaccess"}},
		{"a statement without the check still allows the target alone", []string{checked, plain}, tagged, "", Allowed, []string{instARN}, nil},
		{"named document: both, check made", []string{checked, portDoc}, tagged, docARN, Allowed, []string{instARN, docARN}, nil},
		{"named document not allowed", []string{plain}, tagged, docARN, ImplicitDeny, []string{instARN, docARN}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := Set{Identity: []*Policy{mustParse(t, "p", KindIdentity, allowDoc(strings.Join(tt.statements, ",")))}}
			res, req, err := EvaluateStartSession(SessionRequest{Principal: ssoARN, Target: TaggedResource(instARN, tt.tags),
				DocumentARN: tt.doc, DefaultDocumentARN: shellDoc}, set)
			if err != nil {
				t.Fatal(err)
			}
			var arns, keys []string
			for _, r := range req.Resources {
				arns = append(arns, r.ARN)
			}
			for _, r := range res.Resources {
				for _, fc := range r.FailedConditions {
					keys = append(keys, fc.Key)
				}
			}
			got := []any{res.Decision, arns, keys}
			if diff := cmp.Diff([]any{tt.want, tt.resources, tt.failedKeys}, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
