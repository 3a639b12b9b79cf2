package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// Generated cases must be valid `simulate --batch` input: an error decision
// would compare nothing.
func TestGeneratedCasesAreValidBatchInput(t *testing.T) {
	g := newGen(7)
	decisions := map[string]int{}
	for i := range 500 {
		line, err := json.Marshal(g.newCase(fmt.Sprintf("t%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		v := ours(line)
		if v.Decision == "error" {
			t.Fatalf("case %d rejected: %s\n%s", i, v.Message, line)
		}
		decisions[v.Decision]++
	}
	for _, d := range []string{"allowed", "implicit-deny", "explicit-deny"} {
		if decisions[d] < 50 {
			t.Errorf("only %d of 500 cases are %s (%v): the generator should reach every decision often", decisions[d], d, decisions)
		}
	}
}

func TestSameSeedSameCases(t *testing.T) {
	gen := func(seed uint64) []byte {
		var b bytes.Buffer
		if err := run([]string{"-gen", "-n", "20", "-seed", fmt.Sprint(seed)}, &b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if !bytes.Equal(gen(3), gen(3)) {
		t.Error("seed 3 gave two different case sets")
	}
	if bytes.Equal(gen(3), gen(4)) {
		t.Error("seeds 3 and 4 gave the same cases")
	}
}

// The shrinker keeps removing parts while the predicate holds.
func TestShrinkRemovesWhatDoesNotMatter(t *testing.T) {
	c := obj{"id": "x", "request": obj{"principal": "p", "action": "a", "resources": []any{"r"}},
		"identityPolicies": []any{obj{"Statement": []any{obj{"Effect": "Allow", "Sid": "keep"}, obj{"Effect": "Deny"}}}},
		"sessionPolicy":    obj{"Statement": []any{}}}
	keepsAllow := func(c obj) bool {
		b, _ := json.Marshal(c)
		return bytes.Contains(b, []byte(`"Sid":"keep"`))
	}
	got, _ := json.Marshal(shrink(c, keepsAllow))
	want := `{"id":"x","identityPolicies":[{"Statement":[{"Effect":"Allow","Sid":"keep"}]}],"request":{"action":"a","principal":"p","resources":["r"]}}`
	if string(got) != want {
		t.Errorf("shrink = %s\nwant   %s", got, want)
	}
}

// Shrunk disagreements from real runs land in their judged class.
func TestClassifyKnownDisagreements(t *testing.T) {
	tests := []struct{ name, js, want string }{
		{"session policy", `{"resourcePolicy":{"Statement":[]},"sessionPolicy":{"Statement":[]}}`, "session policy"},
		{"IfExists after ForAnyValue", `{"identityPolicies":[{"Statement":[{"Condition":{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"env"}}}]}]}`, "IfExists"},
		{"variables without Version", `{"identityPolicies":[{"Statement":[{"Resource":"arn:aws:s3:::b/${aws:username}"}]}]}`, "without Version"},
		{"short ARN in an RCP", `{"rcps":[[{"Version":"2012-10-17","Statement":[{"Resource":"arn:aws:kms:*"}]}]]}`, "fewer than six"},
		{"short ARN in a NotResource", `{"identityPolicies":[{"Version":"2012-10-17","Statement":[{"NotResource":["arn:aws:ec2:*"]}]}]}`, "fewer than six"},
		{"epoch date", `{"identityPolicies":[{"Statement":[{"Condition":{"DateGreaterThan":{"aws:CurrentTime":["1767225600"]}}}]}]}`, "epoch"},
		{"nothing known", `{"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Resource":"*"}]}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c obj
			if err := json.Unmarshal([]byte(tt.js), &c); err != nil {
				t.Fatal(err)
			}
			got := classify(c)
			if (tt.want == "") != (got == "") || !bytes.Contains([]byte(got), []byte(tt.want)) {
				t.Errorf("classify = %q, want a class mentioning %q", got, tt.want)
			}
		})
	}
}
