package simulate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/decision"
	"github.com/ssmkit/ssmkit/internal/policy"
)

const (
	sso   = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/jdoe"
	inst  = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"
	doc   = "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession"
	allow = `{"Version":"2012-10-17","Statement":[{"Sid":"Tagged","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"ssm:resourceTag/ssmaccess":"true"}}},{"Sid":"Doc","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*::document/AWS-StartPortForwardingSession"}]}`
)

func batch(t *testing.T, input string) []decision.Decision {
	t.Helper()
	var out []decision.Decision
	if err := RunBatch(strings.NewReader(input), func(d decision.Decision) error { out = append(out, d); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// idOf is the case id as the table shows it ("-" when there is none).
func idOf(d decision.Decision) string { return d.TableRow(false)[0] }

func TestRunBatchDecidesEachCaseInOrder(t *testing.T) {
	lines := []string{
		`{"id":"tagged","identityPolicies":[` + allow + `],"request":{"principal":"` + sso + `","action":"ssm:StartSession","resources":[{"arn":"` + inst + `","context":{"ssm:resourceTag/ssmaccess":"true"}},"` + doc + `"]}}`,
		``,
		`{"id":7,"identityPolicies":[` + allow + `],"request":{"principal":"` + sso + `","action":"ssm:StartSession","resources":["` + inst + `","` + doc + `"]}}`,
		`{"id":"bad-policy","identityPolicies":[{"Statement":[{"Effect":"Permit","Action":"*","Resource":"*"}]}],"request":{"action":"ssm:StartSession","resources":["*"]}}`,
		`{"id":"bad-json",`,
		`{"id":"bad-arn","request":{"principal":"jdoe","action":"ssm:StartSession","resources":["` + inst + `"]}}`,
		`{"id":"deny","identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"ssm:*","Resource":"*"}}],"request":{"principal":"` + sso + `","action":"ssm:StartSession","resources":["` + inst + `"]}}`,
		`{"id":"typo","identityPolicy":[],"request":{"action":"ssm:StartSession","resources":["` + inst + `"]}}`,
		`{"id":"no-request"}`,
		`{"id":"no-principal","request":{"action":"ssm:StartSession","resources":["` + inst + `"]}}`,
		`{"id":"same-key-twice","request":{"principal":"` + sso + `","action":"ssm:StartSession","resources":["` + inst + `"],"context":{"aws:SourceIp":"10.0.0.1","AWS:SourceIp":"10.0.0.2"}}}`,
	}
	got := batch(t, strings.Join(lines, "\n"))
	type row struct{ ID, Decision, Message string }
	var rows []row
	for _, d := range got {
		rows = append(rows, row{idOf(d), d.Decision, d.Message})
	}
	want := []row{
		{"tagged", "allowed", ""},
		{"7", "implicit-deny", ""},
		{"bad-policy", "error", `line 4: policy identityPolicies[0]: statement 0: Effect must be "Allow" or "Deny", not Permit`},
		{"-", "error", "line 5: not a valid case: unexpected EOF"},
		{"bad-arn", "error", `line 6: principal "jdoe" is neither an IAM/STS ARN nor a service principal such as ssm.amazonaws.com`},
		{"deny", "explicit-deny", ""},
		{"typo", "error", `line 8: not a valid case: json: unknown field "identityPolicy"`},
		{"no-request", "error", `line 9: missing "request"`},
		{"no-principal", "error", `line 10: request: missing "principal" (the caller's ARN)`},
		{"same-key-twice", "error", `line 11: request context: context keys "AWS:SourceIp" and "aws:SourceIp" are the same key (key names are case-insensitive): give it once`},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("batch decisions (-want +got):\n%s", diff)
	}
	if string(got[1].ID) != "7" {
		t.Errorf("numeric id echoed as %s, want 7", got[1].ID)
	}
}

func TestBatchCaseWithEveryPolicyType(t *testing.T) {
	allowAll := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
	line := `{"id":"all","identityPolicies":[` + allowAll + `],"permissionBoundaries":[` + allowAll + `],"sessionPolicy":` + allowAll +
		`,"resourcePolicy":{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}}` +
		`,"scps":[[` + allowAll + `],[` + allowAll + `]],"rcps":[[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}]]` +
		`,"request":{"principal":"` + sso + `","action":"kms:Decrypt","resources":["arn:aws:kms:us-east-1:111122223333:key/k1"],"context":{"aws:SourceIp":"10.0.0.1","aws:TagKeys":["a","b"],"n":5,"b":true}}}`
	got := batch(t, line)
	if len(got) != 1 || got[0].Decision != "allowed" {
		t.Fatalf("got %+v, want one allowed decision", got)
	}
	var names []string
	for _, m := range got[0].Resources[0].Matched {
		names = append(names, string(m.PolicyType)+":"+m.Policy)
	}
	want := []string{"scp:scps[0][0]", "scp:scps[1][0]", "rcp:rcps[0][0]", "resource:resourcePolicy",
		"identity:identityPolicies[0]", "boundary:permissionBoundaries[0]", "session:sessionPolicy"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("deciding statements (-want +got):\n%s", diff)
	}
}

func TestFlagsBuild(t *testing.T) {
	files := map[string]string{"dir/perm.json": allow, "bad.json": `{"Statement":`}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("no such file")
	}
	f := Flags{Policies: []string{"dir/perm.json"}, Principal: sso, Action: "ssm:StartSession",
		Resources: []string{inst, doc}, Context: []string{"ssm:resourceTag/ssmaccess=true", "aws:TagKeys=a", "aws:TagKeys=b"},
		PrincipalTags: []string{"team=web"}}
	req, set, err := f.Build(read)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Identity) != 1 || set.Identity[0].Name != "perm.json" {
		t.Errorf("identity policies = %+v, want one named perm.json", set.Identity)
	}
	wantCtx := policy.Context{
		"ssm:resourcetag/ssmaccess": {Values: []string{"true"}},
		"aws:tagkeys":               {Values: []string{"a", "b"}, Multi: true},
		"aws:principaltag/team":     {Values: []string{"web"}},
	}
	if diff := cmp.Diff(wantCtx, req.Context); diff != "" {
		t.Errorf("context (-want +got):\n%s", diff)
	}
	res, err := policy.Evaluate(req, set)
	if err != nil || res.Decision != policy.Allowed {
		t.Errorf("evaluate = %v, %v; want allowed", res.Decision, err)
	}
	t.Run("resource tags belong to the first resource only", func(t *testing.T) {
		f := Flags{Policies: []string{"dir/perm.json"}, Principal: sso, Action: "ssm:StartSession",
			Resources: []string{inst, doc}, ResourceTags: []string{"ssmaccess=true"}}
		req, set, err := f.Build(read)
		if err != nil {
			t.Fatal(err)
		}
		if len(req.Resources[1].Context) != 0 {
			t.Errorf("document context = %v, want none", req.Resources[1].Context)
		}
		res, err := policy.Evaluate(req, set)
		if err != nil || res.Decision != policy.Allowed {
			t.Errorf("evaluate = %v, %v; want allowed", res.Decision, err)
		}
	})
	t.Run("files sharing a base name are named by path", func(t *testing.T) {
		files["prod/perm.json"] = allow
		f := Flags{Policies: []string{"dir/perm.json", "prod/perm.json"}, SCPs: []string{"prod/perm.json"}, Principal: sso,
			Action: "ssm:StartSession", Resources: []string{inst}}
		_, set, err := f.Build(read)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{set.Identity[0].Name, set.Identity[1].Name, set.SCPs[0][0].Name}
		if diff := cmp.Diff([]string{"dir/perm.json", "prod/perm.json", "prod/perm.json"}, got); diff != "" {
			t.Errorf("policy names (-want +got):\n%s", diff)
		}
	})
	for _, bad := range []Flags{
		{ResourceTags: []string{"notag"}},
		{Policies: []string{"missing.json"}},
		{Policies: []string{"bad.json"}},
		{Boundary: "missing.json"},
		{SCPs: []string{"bad.json"}},
		{Context: []string{"novalue"}},
		{PrincipalTags: []string{"=x"}},
	} {
		t.Run(fmt.Sprintf("%+v", bad), func(t *testing.T) {
			if _, _, err := bad.Build(read); err == nil {
				t.Error("Build accepted bad input")
			}
		})
	}
}

// The IAM API returns policy documents as JSON strings; a case may too.
func TestBatchAcceptsStringEncodedPolicies(t *testing.T) {
	enc, _ := json.Marshal(allow)
	got := batch(t, `{"id":"s","identityPolicies":[`+string(enc)+`],"request":{"principal":"`+sso+`","action":"ssm:StartSession","resources":["`+doc+`"]}}`)
	if got[0].Decision != "allowed" {
		t.Errorf("decision = %s (%s), want allowed", got[0].Decision, got[0].Message)
	}
}

// Lines longer than bufio's buffer are read whole; a line beyond MaxCaseLine
// (a file without newlines piped in by mistake) ends the batch with an error.
func TestRunBatchLineLength(t *testing.T) {
	longID := strings.Repeat("x", 100_000)
	got := batch(t, `{"id":"`+longID+`","identityPolicies":[`+allow+`],"request":{"principal":"`+sso+`","action":"ssm:StartSession","resources":["`+inst+`"]}}`)
	if len(got) != 1 || idOf(got[0]) != longID || got[0].Decision == decision.NotEvaluated {
		t.Fatalf("a 100 kB case line gave %d decisions, first %q", len(got), got[0].Message)
	}
	huge := io.MultiReader(strings.NewReader(strings.Repeat("x", MaxCaseLine+1)), strings.NewReader("\n{}\n"))
	n := 0
	err := RunBatch(huge, func(decision.Decision) error { n++; return nil })
	if err == nil || !strings.Contains(err.Error(), "stdin line 1 is longer than 16 MiB") || n != 0 {
		t.Fatalf("RunBatch = %v after %d decisions; want the too-long line named and nothing emitted", err, n)
	}
}
