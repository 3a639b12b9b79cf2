package policy

import (
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
