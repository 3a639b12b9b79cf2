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
	in, err := readPiped(streams, &opts)
	if err != nil {
		return err
	}
	if !c.Bool(flagLocal) && !opts.targets() && len(in.access) == 0 {
		return cmdutil.Usagef("name targets, --all, or --local")
	}
	var records []readiness.Readiness
	if c.Bool(flagLocal) {
		ctx, cancel := cmdutil.WithTimeout(c)
		defer cancel()
		rec, err := localRecord(ctx, d, c.String(flagSSHConfig))
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return cmdutil.TimeoutError(c, "checking this machine")
		}
		records = append(records, rec)
	}
	if opts.targets() {
		recs, err := runTargets(c, d, opts, streams)
		var late *timedOut
		if errors.As(err, &late) {
			return finishLate(c, streams, printer, append(records, recs...), late)
		}
		if err != nil {
			return err
		}
		records = append(records, recs...)
	}
	if d.onRecords != nil {
		d.onRecords(in, records)
	}
	if len(in.access) > 0 && c.String(cmdutil.FlagOutput) == string(output.Markdown) {
		return finishFindings(c, streams, in, records)
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
