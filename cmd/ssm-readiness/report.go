package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/findings"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/readiness"
	"github.com/urfave/cli/v2"
)

// finishWithAccess ends a run fed by ssm-canconnect: -o markdown folds the
// AccessCheck records and the Readiness records into one findings report;
// every other format passes the AccessCheck records through unchanged, then
// adds the Readiness records. The exit code is the worst of all of them.
func finishWithAccess(c *cli.Context, s output.Streams, printer *output.Printer, checks []passThrough, records []readiness.Readiness) error {
	worst := exitcode.OK
	for _, a := range checks {
		worst = exitcode.Worst(worst, a.exitCode())
	}
	if printer.Format() != output.Markdown {
		if !c.Bool(cmdutil.FlagQuiet) {
			for _, a := range checks {
				if err := printer.Print(a); err != nil {
					return exitcode.Wrap(exitcode.Unknown, fmt.Errorf("writing output: %w", err))
				}
			}
		}
		err := finish(c, s, printer, records)
		var e *exitcode.Error
		if err != nil && (!errors.As(err, &e) || e.Err != nil) {
			return err // a failure to write, not the records' answer
		}
		return exitcode.Silent(exitcode.Worst(worst, exitcode.Of(err)))
	}
	in := findings.Input{Readiness: records}
	for _, a := range checks {
		in.Access = append(in.Access, a.AccessCheck)
	}
	for _, r := range records {
		worst = exitcode.Worst(worst, r.ExitCode())
	}
	if !c.Bool(cmdutil.FlagQuiet) {
		if _, err := io.WriteString(s.Out, findings.Build(in).Markdown()); err != nil {
			return exitcode.Wrap(exitcode.Unknown, fmt.Errorf("writing output: %w", err))
		}
	}
	return exitcode.Silent(worst)
}

// A piped AccessCheck prints as a row of its own table too.
var _ output.Record = passThrough{AccessCheck: access.AccessCheck{}}
