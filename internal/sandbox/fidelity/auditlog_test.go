package fidelity

import (
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
)

// eventually reads the audit log until done accepts it: the gateway writes a call's line
// after the answer is on the wire, so the CLI can exit a moment before it lands. The bound
// only keeps a broken gateway from wedging the test; nothing here measures time.
func eventually(t *testing.T, path string, done func([]audit.Call) bool) []audit.Call {
	t.Helper()
	var calls []audit.Call
	for i := 0; i < 500; i++ {
		var err error
		calls, err = audit.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if done(calls) {
			return calls
		}
		time.Sleep(10 * time.Millisecond)
	}
	return calls
}
