package readiness

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/check"
)

// The readiness checks answer in the shared check model (internal/check),
// as ssm-canconnect does; these aliases keep the check code short.
type (
	// Status is a check's outcome.
	Status = check.Status
	// Check is one check's answer: status, reason, evidence and fixes.
	Check = check.Check
)

// The statuses.
const (
	Pass    = check.Pass
	Skip    = check.Skip
	Warn    = check.Warn
	Unknown = check.Unknown
	Fail    = check.Fail
)

// fixOf turns one fix as the checks word it into a check.Fix: an AWS CLI
// command becomes the fix's Command (pasteable as it is), anything else its
// Text.
func fixOf(s string) check.Fix {
	if strings.HasPrefix(s, "aws ") {
		sub := strings.Fields(s)
		what := "run " + strings.Join(sub[:min(3, len(sub))], " ")
		return check.Fix{Text: what, Command: s}
	}
	return check.Fix{Text: s}
}

func fixes(ss ...string) []check.Fix {
	out := make([]check.Fix, len(ss))
	for i, s := range ss {
		out[i] = fixOf(s)
	}
	return out
}

// fixLine is a fix as the record's fixes[] and the table show it: the
// command when there is one, else the text.
func fixLine(f check.Fix) string {
	if f.Command != "" {
		return f.Command
	}
	return f.Text
}

func fixLines(fs []check.Fix) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fixLine(f))
	}
	return out
}
