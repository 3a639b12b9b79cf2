package main

import (
	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/exitcode"
)

// undecided counts the answers that came out unknown and keeps the first
// one's reason and next step, for the run's one error: line (exit 3).
type undecided struct {
	total, unknown int
	reason, fix    string
}

func (u *undecided) add(code int, rec *access.AccessCheck) {
	u.total++
	if code != exitcode.Unknown || rec == nil {
		return
	}
	u.unknown++
	if u.reason != "" {
		return
	}
	u.reason = rec.Reason
	for _, c := range rec.Checks {
		if fix := check.NextStep(c); fix != "" {
			u.fix = fix
			return
		}
	}
}

// err is the error line for a run whose worst answer is unknown.
func (u *undecided) err() error {
	if u.fix == "" {
		return exitcode.New(exitcode.Unknown, "could not decide %d of %d answers: %s", u.unknown, u.total, u.reason)
	}
	return exitcode.New(exitcode.Unknown, "could not decide %d of %d answers: %s; fix: %s", u.unknown, u.total, u.reason, u.fix)
}
