package fidelity

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// document is a policy document as the CLI prints it: decoded to an object (IAM) or a
// JSON string (KMS, SSO Admin, Organizations). Both decode to the same value.
type document struct{ v any }

func (d *document) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		return json.Unmarshal([]byte(s), &d.v)
	}
	return json.Unmarshal(b, &d.v)
}

// expanded is a scenario document with its placeholders resolved from what was seeded,
// decoded for comparison.
func (s *fixture) expanded(t *testing.T, d scenario.Document) any {
	t.Helper()
	text, err := scenario.Expand(d.JSON, seed.Lookup(s.sc(), s.env.Seeded))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// sameDocument reports a difference between a scenario document and the CLI's answer.
func (s *fixture) sameDocument(t *testing.T, what string, want scenario.Document, got document) {
	t.Helper()
	if diff := cmp.Diff(s.expanded(t, want), got.v); diff != "" {
		t.Errorf("%s (-scenario +CLI):\n%s", what, diff)
	}
}
