package main

import (
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/readiness"
	"github.com/urfave/cli/v2"
)

// timedOut is --timeout reached while targets were being checked: the
// records that finished are printed, then its error line.
type timedOut struct{ err error }

func (t *timedOut) Error() string { return t.err.Error() }
func (t *timedOut) Unwrap() error { return t.err }

// finishLate prints what finished before --timeout, then the timeout's one
// error line (exit 3).
func finishLate(c *cli.Context, s output.Streams, printer *output.Printer, records []readiness.Readiness, late *timedOut) error {
	if err := finish(c, s, printer, records); err != nil && exitcode.Worst(exitcode.Of(err), exitcode.Unknown) != exitcode.Unknown {
		return err // a worse answer (a login needed) or a write error
	}
	return late.err
}

// undecided is the one error line of a run whose worst record is unknown:
// how many could not be decided, the first reason, and what would decide it.
func undecided(records []readiness.Readiness) error {
	n := 0
	var first check.Check
	found := false
	for _, r := range records {
		if r.Verdict != readiness.Unsure {
			continue
		}
		n++
		if found {
			continue
		}
		for _, c := range r.Checks {
			if c.Status == check.Unknown {
				first, found = c, true
				break
			}
		}
	}
	if !found {
		return exitcode.Silent(exitcode.Unknown)
	}
	msg := first.ID + ": " + first.Reason
	if fix := check.NextStep(first); fix != "" {
		return exitcode.New(exitcode.Unknown, "could not decide %d of %d records: %s; fix: %s", n, len(records), msg, fix)
	}
	return exitcode.New(exitcode.Unknown, "could not decide %d of %d records: %s", n, len(records), msg)
}
