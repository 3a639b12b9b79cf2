// Package check is the model both live tools answer in: a Check has a status
// (pass, fail, warn, unknown, skip), a one-line reason, the evidence it used
// and, for anything but pass, the fixes to make (ARCHITECTURE.md, "Answers,
// not dumps"). A check the caller could not make is unknown and names the
// permission that would decide it ("Unknown is not fail").
package check

import "github.com/ssmkit/ssmkit/internal/awsclient"

// Status is the outcome of one check.
type Status string

// The statuses, from best to worst as Worst orders them.
const (
	Skip    Status = "skip"    // does not apply (e.g. no KMS key configured)
	Pass    Status = "pass"    // checked, fine
	Warn    Status = "warn"    // works, but something will bite later
	Unknown Status = "unknown" // could not be decided: the reason names what would decide it
	Fail    Status = "fail"    // definitely stops the session
)

// Rank orders statuses, skip lowest and fail highest; an unrecognised
// status counts as unknown.
func (s Status) Rank() int {
	switch s {
	case Skip:
		return 0
	case Pass:
		return 1
	case Warn:
		return 2
	case Fail:
		return 4
	}
	return 3
}

// Worst returns the most severe status (Skip when there are none):
// fail > unknown > warn > pass > skip.
func Worst(statuses ...Status) Status {
	worst := Skip
	for _, s := range statuses {
		if s.Rank() > worst.Rank() {
			worst = s
			if s.Rank() == Unknown.Rank() {
				worst = Unknown // an unrecognised status counts as unknown
			}
		}
	}
	return worst
}

// Check is one question answered about a session, with what it was based on.
type Check struct {
	// ID is stable and machine-readable (start-session, session-encryption, ...).
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status Status `json:"status"`
	// Reason is one line a person reads first.
	Reason string `json:"reason"`
	// Permission is, for an unknown check, the IAM permission that would decide it.
	Permission string `json:"permission,omitempty"`
	// Evidence is what the answer rests on: the deciding statements, the key
	// policy excerpt, the node's state. JSON-friendly values only.
	Evidence any `json:"evidence,omitempty"`
	// Fixes say what to change, printed and never applied.
	Fixes []Fix `json:"fixes,omitempty"`
	// Class is the failure behind an unknown check, for the exit code
	// (an expired login mid-run is exit 4, not 3); not printed.
	Class awsclient.Class `json:"-"`
}

// Fix is one thing to change. Command, when set, is a complete shell command
// with every argument quoted for the shell, safe to paste.
type Fix struct {
	// Text says what to change and where, in one sentence (it may hold a
	// policy statement to add).
	Text string `json:"text"`
	// Where names the policy or resource to change, when one is known.
	Where   string `json:"where,omitempty"`
	Command string `json:"command,omitempty"`
}

// New returns a check with the given outcome.
func New(id, title string, status Status, reason string) Check {
	return Check{ID: id, Title: title, Status: status, Reason: reason}
}

// WithEvidence returns c with evidence attached.
func (c Check) WithEvidence(e any) Check {
	c.Evidence = e
	return c
}

// WithFixes returns c with fixes appended.
func (c Check) WithFixes(f ...Fix) Check {
	c.Fixes = append(c.Fixes, f...)
	return c
}

// WorstOf returns the most severe status among checks.
func WorstOf(checks []Check) Status {
	statuses := make([]Status, len(checks))
	for i, c := range checks {
		statuses[i] = c.Status
	}
	return Worst(statuses...)
}
