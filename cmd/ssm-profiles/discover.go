package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/urfave/cli/v2"
)

// discover asks the SSO portal, once per logged-in session, which
// account+role pairs exist, and prints a suggestion for each without a profile.
func discover(c *cli.Context, d deps, loc profiles.Local, f profiles.Filter) error {
	logins := profiles.Logins(loc.Files, f.SSOSession)
	if len(logins) == 0 {
		return cmdutil.Usagef("--discover needs an SSO login in %s: an [sso-session NAME] with sso_start_url and sso_region (`aws configure sso-session` adds one)", loc.Paths.ConfigFile)
	}
	ctx, cancel := cmdutil.WithTimeout(c)
	defer cancel()
	now := d.now()
	existing := loc.Profiles
	var found []profiles.Suggestion
	var fixes []string
	for _, l := range logins {
		token, _ := ssocache.AccessToken(loc.Paths.SSOCacheDir, l.CacheKey, now)
		if token == "" {
			fixes = append(fixes, l.Fix())
			continue
		}
		assigned, err := profiles.ListAssignments(ctx, d.portal(ctx, l.Region), token)
		if err != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return cmdutil.TimeoutError(c, "--discover")
			}
			class := awsclient.Classify(err)
			if class == awsclient.ClassSSOLogin {
				fixes = append(fixes, l.Fix())
				continue
			}
			if fix := awsclient.TransientFix(err); fix != "" {
				return exitcode.New(class.ExitCode(), "--discover at %s: %s; fix: %s", l.StartURL, awsclient.Summary(err), fix)
			}
			return exitcode.New(class.ExitCode(), "--discover at %s: %s", l.StartURL, awsclient.Summary(err))
		}
		sugg := profiles.Suggest(l, assigned, existing, f, c.String(flagRegion))
		for _, s := range sugg {
			existing = append(existing, profiles.Profile{Name: s.Name, AccountID: s.AccountID, RoleName: s.RoleName})
		}
		found = append(found, sugg...)
	}
	return printSuggestions(c, found, fixes, len(logins))
}

func printSuggestions(c *cli.Context, found []profiles.Suggestion, fixes []string, logins int) error {
	quiet := c.Bool(cmdutil.FlagQuiet)
	if len(found) == 0 {
		switch {
		case len(fixes) == logins:
			return exitcode.New(exitcode.Credentials, "--discover needs a valid SSO token: run %s", strings.Join(fixes, " or "))
		case quiet:
			return exitcode.Silent(exitcode.No)
		}
		return exitcode.New(exitcode.No, "every account and role the SSO portal offers (within the filters) already has a profile")
	}
	if quiet {
		return nil
	}
	s := cmdutil.Streams(c)
	if len(fixes) > 0 {
		s.Warnf("skipped SSO logins without a valid token: run %s", strings.Join(fixes, " or "))
	}
	p, err := cmdutil.Printer(c)
	if err != nil {
		return err
	}
	for _, r := range found {
		if err := p.Print(r); err != nil {
			return err
		}
	}
	if err := p.Flush(); err != nil {
		return err
	}
	if f := p.Format(); f == output.Table || f == output.Wide {
		// Humans get the blocks to paste; the records carry them as "config".
		fmt.Fprintln(s.Out, "\n# Add to ~/.aws/config (ssm-profiles never writes it):")
		for _, r := range found {
			fmt.Fprintf(s.Out, "\n%s", r.Config)
		}
	}
	return nil
}
