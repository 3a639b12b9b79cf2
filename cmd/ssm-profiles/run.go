package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/urfave/cli/v2"
)

// run lists the profiles that pass the filters (or, with --discover, the
// ones the SSO portal offers that have no profile yet).
func run(c *cli.Context, d deps) error {
	f := filterFrom(c)
	if err := f.Validate(); err != nil {
		return cmdutil.Usagef("%v", err)
	}
	// A bad -o is a usage error even when nothing would be printed.
	if _, err := output.ParseFormat(c.String(cmdutil.FlagOutput)); err != nil {
		return exitcode.Wrap(exitcode.Usage, err)
	}
	loc, err := profiles.LoadLocal(d.env, d.home, d.now())
	if err != nil {
		return err
	}
	quiet := c.Bool(cmdutil.FlagQuiet)
	s := cmdutil.Streams(c)
	if !quiet {
		for _, n := range loc.Files.Notices {
			s.Warnf("%s", n)
		}
	}
	if c.Bool(flagDiscover) {
		return discover(c, d, loc, f)
	}
	var matched []profiles.Profile
	for _, r := range loc.Profiles {
		if f.Match(r) {
			matched = append(matched, r)
		}
	}
	if len(matched) == 0 {
		if quiet {
			return exitcode.Silent(exitcode.No)
		}
		return exitcode.New(exitcode.No, "%s", noMatch(f, loc.Paths, len(loc.Profiles)))
	}
	if quiet {
		return nil
	}
	return printProfiles(c, matched)
}

// printProfiles prints through the shared printer (buffered: ten thousand
// records are ten thousand writes otherwise), except NDJSON, which
// profiles.WriteNDJSON encodes (same bytes, no reflection, all cores) in a
// few large writes: the 10,000-profile benchmark is mostly this path.
func printProfiles(c *cli.Context, recs []profiles.Profile) error {
	f, err := output.ParseFormat(c.String(cmdutil.FlagOutput))
	if err != nil {
		return exitcode.Wrap(exitcode.Usage, err)
	}
	s := cmdutil.Streams(c)
	f = f.Resolve(s.OutTTY)
	if f == output.Name && len(recs) > 1 {
		s.Warnf("%d profiles match; --profile \"$(ssm-profiles -o name ...)\" needs exactly one: narrow with --role, --account or a name", len(recs))
	}
	if f == output.NDJSON {
		return profiles.WriteNDJSON(s.Out, recs)
	}
	w := bufio.NewWriterSize(s.Out, 64<<10)
	s.Out = w
	p := output.NewPrinter(s, f)
	for _, r := range recs {
		if err := p.Print(r); err != nil {
			return err
		}
	}
	if err := p.Flush(); err != nil {
		return err
	}
	return w.Flush()
}

// noMatch explains an empty result and names the next step.
func noMatch(f profiles.Filter, where paths.Paths, total int) string {
	if total == 0 {
		return fmt.Sprintf("no profiles in %s or %s: run `aws configure sso` to add one", where.ConfigFile, where.CredentialsFile)
	}
	msg := "no profile matches " + describe(f)
	if len(f.Accounts) > 0 || f.Role != "" {
		msg += "; `ssm-profiles --discover` lists the account+role pairs your SSO login can reach that have no profile yet"
	} else if f.LoggedIn {
		msg += "; drop --logged-in to see the login fixes"
	}
	return msg
}

// describe renders the filters the way they were typed.
func describe(f profiles.Filter) string {
	var parts []string
	for _, n := range f.Names {
		parts = append(parts, fmt.Sprintf("%q", n))
	}
	for _, a := range f.Accounts {
		parts = append(parts, "--account "+a)
	}
	add := func(flag, v string) {
		if v != "" {
			parts = append(parts, fmt.Sprintf("--%s %q", flag, v))
		}
	}
	add(flagRole, f.Role)
	add(flagSSOSession, f.SSOSession)
	add(flagRegion, f.Region)
	add(flagSource, f.Source)
	if f.LoggedIn {
		parts = append(parts, "--"+flagLoggedIn)
	}
	return strings.Join(parts, " ")
}
