package readiness

// Status is a check's outcome, ordered so the worst of several is the max.
// (Stand-in for the shared check package's Status until it lands.)
type Status string

// The statuses.
const (
	Pass    Status = "pass"
	Skip    Status = "skip"
	Warn    Status = "warn"
	Unknown Status = "unknown"
	Fail    Status = "fail"
)

func (s Status) rank() int {
	switch s {
	case Skip:
		return 0
	case Pass:
		return 1
	case Warn:
		return 2
	case Unknown:
		return 3
	case Fail:
		return 4
	}
	return 3
}

// Worse returns the worse of two statuses.
func Worse(a, b Status) Status {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// Check is one check's answer: status, one-line reason, the evidence it
// used, and fixes (commands or policy statements, printed, never applied).
type Check struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Status   Status   `json:"status"`
	Reason   string   `json:"reason"`
	Evidence any      `json:"evidence,omitempty"`
	Fixes    []string `json:"fixes,omitempty"`
	// Ref names an account-wide finding this check stands for, reported
	// once per account and region (see Readiness.Account).
	Ref string `json:"ref,omitempty"`
}
