package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/readiness"
	"github.com/urfave/cli/v2"
)

func run(c *cli.Context, d deps) error {
	streams := cmdutil.Streams(c)
	printer, err := cmdutil.Printer(c)
	if err != nil {
		return err
	}
	opts, err := parseOptions(c)
	if err != nil {
		return err
	}
	var waitLocal func() (readiness.Readiness, error)
	if c.Bool(flagLocal) {
		var stop func()
		waitLocal, stop = startLocal(c, d)
		defer stop()
	}
	var in piped
	fromStdin, err := readsStdin(&opts, streams)
	if err != nil {
		return err
	}
	if fromStdin {
		if in, err = readPiped(c, streams); err != nil {
			return err
		}
		if len(opts.sessions) == 0 {
			for _, k := range in.sessions() {
				if f, ok := readiness.SessionFeature(k); ok {
					opts.sessions = append(opts.sessions, f)
				}
			}
		}
	}
	if !c.Bool(flagLocal) && !opts.targets() && len(in.checks) == 0 {
		if fromStdin {
			return cmdutil.Usagef("stdin held no AccessCheck record naming a target: pipe ssm-canconnect's output, or name targets, --all, or --local")
		}
		return cmdutil.Usagef("name targets, --all, or --local")
	}
	if opts.profile == "" {
		opts.profile = in.profile
	}
	var records []readiness.Readiness
	var late *timedOut
	check := func(o options) error {
		recs, err := runTargets(c, d, o, streams)
		if errors.As(err, &late) {
			records = append(records, recs...)
			return nil
		}
		if err != nil {
			return err
		}
		records = append(records, recs...)
		return nil
	}
	if opts.targets() {
		if err := check(opts); err != nil {
			return err
		}
	}
	// The piped targets, one run per profile and region (the record's, else the flags').
	for _, g := range in.groups(opts.profile, opts.region) {
		if late != nil {
			break
		}
		o := opts
		o.args, o.all, o.profile, o.region = g.specs, false, g.profile, g.region
		if err := check(o); err != nil {
			return err
		}
	}
	if waitLocal != nil { // this machine's record comes first
		rec, err := waitLocal()
		if err != nil {
			return err
		}
		records = append([]readiness.Readiness{rec}, records...)
	}
	if late != nil {
		return finishLate(c, streams, printer, records, late)
	}
	if d.onRecords != nil {
		d.onRecords(in, records)
	}
	if len(in.checks) > 0 {
		return finishWithAccess(c, streams, printer, in.checks, records)
	}
	return finish(c, streams, printer, records)
}

// finish prints the records, the summary on stderr, and sets the exit code.
func finish(c *cli.Context, s output.Streams, printer *output.Printer, records []readiness.Readiness) error {
	quiet := c.Bool(cmdutil.FlagQuiet)
	worst := exitcode.OK
	var sum readiness.Summary
	for _, r := range records {
		worst = exitcode.Worst(worst, r.ExitCode())
		sum.Add(r)
		if quiet {
			continue
		}
		if err := printer.Print(r); err != nil {
			return exitcode.Wrap(exitcode.Unknown, fmt.Errorf("writing output: %w", err))
		}
	}
	if err := printer.Flush(); err != nil {
		return exitcode.Wrap(exitcode.Unknown, fmt.Errorf("writing output: %w", err))
	}
	if !quiet && !c.Bool(flagNoSummary) && sum.Targets > 1 {
		fmt.Fprintln(s.Err, sum.String())
	}
	if worst == exitcode.Unknown && !quiet {
		return undecided(records)
	}
	return exitcode.Silent(worst)
}

// sshConfigPath is --ssh-config, else ~/.ssh/config.
func sshConfigPath(home, flag string) string {
	if flag != "" {
		return flag
	}
	return filepath.Join(home, ".ssh", "config")
}
