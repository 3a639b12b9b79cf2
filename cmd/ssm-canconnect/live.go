package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/runas"
	"github.com/urfave/cli/v2"
)

// runLive is the default action: the live check, --list or --preflight.
func runLive(c *cli.Context, d deps) error {
	o, err := parseLive(c)
	if err != nil {
		return err
	}
	if o.preflight {
		return runPreflight(c, d, o)
	}
	streams := cmdutil.Streams(c)
	printer, err := cmdutil.Printer(c)
	if err != nil {
		return err
	}
	ctx, cancel := cmdutil.WithTimeout(c)
	defer cancel()
	sel, err := runas.Select(ctx, runas.Args{Tool: c.App.Name, Names: o.profiles, Timeout: o.timeout}, streams)
	if err != nil {
		return err
	}
	loc, err := runas.Load(d.env, d.home, d.now())
	if err != nil {
		return err
	}
	r := newRunner(d, streams, loc, o)
	var t tally
	emit := func(rec output.Record, code int, rc *access.AccessCheck) error {
		t.add(code, rc)
		if d.onRecord != nil && rc != nil {
			d.onRecord(*rc)
		}
		if o.quiet {
			return nil
		}
		return printer.Print(rec)
	}
	subjects := sel.Subjects(loc)
	if len(subjects) == 0 && sel.FromStdin {
		return exitcode.New(exitcode.No, "no Profile or Identity records on stdin (read because it is not a terminal): pipe ssm-profiles, or name a profile with --profile")
	}
	for _, s := range subjects {
		if err := ctx.Err(); err != nil {
			break
		}
		if o.list {
			if err := r.list(ctx, s, emit); err != nil {
				return err
			}
			continue
		}
		var recs []access.AccessCheck
		if o.ic.active() {
			recs, err = r.checkIdentityCenter(ctx, s)
		} else {
			recs, err = r.check(ctx, s, checks{simulate: true, lifecycle: true, connection: true})
		}
		if err != nil {
			return err
		}
		for i := range recs {
			if err := emit(recs[i], recs[i].Code, &recs[i]); err != nil {
				return writeErr(err)
			}
		}
	}
	if err := printer.Flush(); err != nil {
		return writeErr(err)
	}
	if err := ctx.Err(); err != nil && err == context.DeadlineExceeded {
		return cmdutil.TimeoutError(c, "ssm-canconnect")
	}
	return t.result(o.quiet)
}

func writeErr(err error) error {
	return exitcode.Wrap(exitcode.Unknown, fmt.Errorf("writing output: %w", err))
}

// tally keeps the worst exit code and the login fixes for the error line.
type tally struct {
	worst int
	login []string
	undecided
}

func (t *tally) add(code int, rec *access.AccessCheck) {
	t.worst = exitcode.Worst(t.worst, code)
	t.undecided.add(code, rec)
	if code != exitcode.Credentials || rec == nil {
		return
	}
	if c, ok := rec.Check(access.CheckCredentials); ok {
		for _, f := range c.Fixes {
			fix := f.Command
			if fix == "" { // nothing configured: the fix is words, not one command
				fix = f.Text
			}
			if fix != "" && !contains(t.login, fix) {
				t.login = append(t.login, fix)
			}
		}
	}
}

// result is the exit: the records said yes, no or unknown; a needed login
// gets an error line naming the command, an unknown answer one naming what
// would decide it.
func (t *tally) result(quiet bool) error {
	if t.worst == exitcode.Credentials && !quiet && len(t.login) > 0 {
		return exitcode.New(t.worst, "log in first: %s", strings.Join(t.login, "; "))
	}
	if t.worst == exitcode.Unknown && !quiet && t.unknown > 0 {
		return t.undecided.err()
	}
	return exitcode.Silent(t.worst)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
