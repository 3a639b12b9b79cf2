package main

import (
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/runas"
	"github.com/urfave/cli/v2"
)

func run(c *cli.Context, d deps) error {
	streams := cmdutil.Streams(c)
	printer, err := cmdutil.Printer(c)
	if err != nil {
		return err
	}
	concurrency := c.Int(flagConcurrency)
	if concurrency < 1 {
		return cmdutil.Usagef("--concurrency must be at least 1, got %d", concurrency)
	}
	ctx, cancel := cmdutil.WithTimeout(c)
	defer cancel()
	names := c.Args().Slice()
	if p := c.String(flagProfile); p != "" {
		names = append([]string{p}, names...)
	}
	sel, err := runas.Select(ctx, runas.Args{Tool: c.App.Name, Names: names, Timeout: c.Duration(cmdutil.FlagTimeout)}, streams)
	if err != nil {
		return err
	}
	loc, err := runas.Load(d.env, d.home, d.now())
	if err != nil {
		return err
	}
	quiet := c.Bool(cmdutil.FlagQuiet)
	// Enrichment answers a person's question; -q and -o name do not show it.
	enrich := !c.Bool(flagNoEnrich) && !quiet && printer.Format() != output.Name
	r := &identity.Resolver{Connect: d.connect(loc.Paths, enrich), Now: d.now, Enrich: enrich}
	if dir, ok := runas.IdentityCacheDir(d.env, d.home); ok && !c.Bool(flagNoCache) {
		r.Cache = &identity.Cache{Dir: dir, TTL: identity.DefaultCacheTTL}
	}

	in := make(chan runas.Subject)
	go func() {
		defer close(in)
		for _, s := range sel.Subjects(loc) {
			in <- s
		}
	}()
	var tally tally
	err = r.Stream(ctx, concurrency, in, func(id identity.Identity) error {
		tally.add(id)
		if quiet || (printer.Format() == output.Name && !id.OK()) {
			return nil
		}
		return printer.Print(id)
	})
	if ferr := printer.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return exitcode.Wrap(exitcode.Unknown, fmt.Errorf("writing output: %w", err))
	}
	return tally.result(quiet, sel.FromStdin)
}

// tally keeps the worst exit code and the failures for the one stderr line.
type tally struct {
	total    int
	worst    int
	failures []identity.Identity
}

func (t *tally) add(id identity.Identity) {
	t.total++
	t.worst = exitcode.Worst(t.worst, id.Code)
	if !id.OK() {
		t.failures = append(t.failures, id)
	}
}

func (t *tally) result(quiet, fromStdin bool) error {
	switch {
	case t.total == 0 && fromStdin && quiet:
		return exitcode.Silent(exitcode.No)
	case t.total == 0 && fromStdin:
		return exitcode.New(exitcode.No, "no Profile or Identity records on stdin (read because it is not a terminal): pipe ssm-profiles, or name a profile with --profile")
	case t.worst == exitcode.OK:
		return nil
	case quiet:
		return exitcode.Silent(t.worst)
	case len(t.failures) == 1:
		f := t.failures[0]
		msg := "profile " + f.Profile + ": " + f.Error
		if f.Fix != "" {
			msg += "; fix: " + f.Fix
		}
		return exitcode.New(t.worst, "%s", msg)
	}
	names := make([]string, len(t.failures))
	for i, f := range t.failures {
		names[i] = f.Profile
	}
	return exitcode.New(t.worst, "%d of %d profiles could not be resolved (%s): see their records' error and fix",
		len(t.failures), t.total, strings.Join(names, ", "))
}
