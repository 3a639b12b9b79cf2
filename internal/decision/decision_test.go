package decision

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/policy"
)

const (
	sso   = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/jdoe"
	inst  = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"
	doc   = "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession"
	allow = `{"Version":"2012-10-17","Statement":[{"Sid":"Tagged","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"ssm:resourceTag/ssmaccess":"true"}}},{"Sid":"Doc","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*::document/AWS-StartPortForwardingSession"}]}`
	deny  = `{"Statement":{"Sid":"NoSessions","Effect":"Deny","Action":"ssm:StartSession","Resource":"*"}}`
)

// decide evaluates a StartSession request by sso on the instance (tagged
// ssmaccess=tag, untagged when tag is "") and doc, under identity policies
// named identityPolicies[i] as simulate names them.
func decide(t *testing.T, id, tag string, policies ...string) Decision {
	t.Helper()
	var set policy.Set
	for i, doc := range policies {
		p, err := policy.Parse("identityPolicies["+strconv.Itoa(i)+"]", policy.KindIdentity, []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		set.Identity = append(set.Identity, p)
	}
	target := policy.Resource{ARN: inst}
	if tag != "" {
		target = policy.TaggedResource(inst, map[string]string{"ssmaccess": tag})
	}
	req := policy.StartSessionRequest(sso, target, doc, nil)
	res, err := policy.Evaluate(req, set)
	if err != nil {
		t.Fatal(err)
	}
	return New(json.RawMessage(`"`+id+`"`), req, res)
}

func TestRecordShape(t *testing.T) {
	b, err := json.Marshal(decide(t, "x", "", allow))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"kind", "apiVersion", "id", "decision", "principal", "action", "resources", "missingContextKeys"} {
		if _, ok := m[k]; !ok {
			t.Errorf("Decision JSON lacks %q: %s", k, b)
		}
	}
	if m["kind"] != "Decision" || m["apiVersion"] != "ssmkit/v1" || m["id"] != "x" {
		t.Errorf("header = %v %v, id %v", m["kind"], m["apiVersion"], m["id"])
	}
	if diff := cmp.Diff([]any{"ssm:resourceTag/ssmaccess"}, m["missingContextKeys"]); diff != "" {
		t.Errorf("missingContextKeys (-want +got):\n%s", diff)
	}
	failed := Failed(nil, errors.New("line 3: bad ARN"))
	if failed.Decision != NotEvaluated || failed.Message != "line 3: bad ARN" || failed.Resources == nil || failed.RecordName() != NotEvaluated {
		t.Errorf("Failed = %+v", failed)
	}
}

func TestTableRows(t *testing.T) {
	d := decide(t, "dev", "false", allow)
	row := d.TableRow(false)
	want := []string{"dev", "implicit-deny", "ssm:StartSession", "instance/i-0123456789abcdef0, document/AWS-StartPortForwardingSession (allowed)",
		`no identity-based policy allows ssm:StartSession; identityPolicies[0] Tagged needs StringEquals ssm:resourceTag/ssmaccess true, but ssm:resourceTag/ssmaccess is "false"`,
		"tag the instance: aws ec2 create-tags --region us-east-1 --resources i-0123456789abcdef0 --tags Key=ssmaccess,Value=true"}
	if diff := cmp.Diff(want, row); diff != "" {
		t.Errorf("table row (-want +got):\n%s", diff)
	}
	if len(d.TableHeader(true)) != len(d.TableRow(true)) || len(d.TableHeader(false)) != len(row) {
		t.Error("header and row widths differ")
	}
	if wide := d.TableRow(true); wide[3] != inst+", "+doc+" (allowed)" || wide[6] != "Allow identityPolicies[0] Doc" || wide[7] != "-" {
		t.Errorf("wide row = %q, want full ARNs and the deciding statements", wide)
	}
	wantWhy := "allowed by identity policy identityPolicies[0] statement Tagged; allowed by identity policy identityPolicies[0] statement Doc"
	if why := decide(t, "ok", "true", allow).TableRow(false)[4]; why != wantWhy {
		t.Errorf("allowed WHY = %q, want the statement of every resource: %q", why, wantWhy)
	}
	if why := decide(t, "deny", "", allow, deny).TableRow(false)[4]; why != "explicitly denied by identity policy identityPolicies[1] statement NoSessions" {
		t.Errorf("explicit-deny WHY = %q, want only the deny (not the Allow's failed tag condition)", why)
	}
}

func TestExitCode(t *testing.T) {
	for _, tt := range []struct {
		decision string
		code     int
	}{{"allowed", exitcode.OK}, {"implicit-deny", exitcode.No}, {"explicit-deny", exitcode.No}, {NotEvaluated, exitcode.Usage}} {
		if c := (Decision{Decision: tt.decision}).ExitCode(); c != tt.code {
			t.Errorf("%s exits %d, want %d", tt.decision, c, tt.code)
		}
	}
}
