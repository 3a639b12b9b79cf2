package simulate

import (
	"os"
	"strings"
	"testing"
)

// testdata/policy/iamdiff-judged.ndjson holds one shrunk case per class of
// disagreement scripts/iamdiff found between ssmkit and iam-simulate, each id
// ending in "=" and ssmkit's decision. docs/policy-evaluator.md gives the
// page behind each choice; this keeps the choices from drifting.
func TestJudgedDifferencesWithIAMSimulate(t *testing.T) {
	data, err := os.ReadFile("../../testdata/policy/iamdiff-judged.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	decisions := batch(t, string(data))
	if len(decisions) < 10 {
		t.Fatalf("read %d cases, want one per judged class", len(decisions))
	}
	for _, d := range decisions {
		id := strings.Trim(string(d.ID), `"`)
		class, want, ok := strings.Cut(id, "=")
		if !ok {
			t.Fatalf("id %q lacks =decision", id)
		}
		t.Run(class, func(t *testing.T) {
			if d.Decision != want {
				t.Errorf("decision = %s, want %s (%s)", d.Decision, want, d.Message)
			}
		})
	}
}
