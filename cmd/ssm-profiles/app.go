package main

import (
	"os"
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/urfave/cli/v2"
)

// Flag names.
const (
	flagAccount    = "account"
	flagRole       = "role"
	flagSSOSession = "sso-session"
	flagRegion     = "region"
	flagSource     = "source"
	flagLoggedIn   = "logged-in"
	flagDiscover   = "discover"
)

const description = `Reads the AWS shared config and credentials files exactly as the AWS CLI does
(AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, ~/.aws/...), and the SSO token
cache, without touching the network, and prints one Profile record per profile:
account, role, credential source, region, SSO token status and the login fix.

Examples:
   ssm-profiles --account 925774240130
   ssm-profiles --role '*SSM*' --logged-in
   aws ssm start-session --profile "$(ssm-profiles -o name --account 925774240130 --role '*SSM*')" --target i-0123
   ssm-profiles 'prod-*' | jq -r 'select(.fix) | .fix'
   ssm-profiles 'prod-*' -o name --logged-in
   ssm-profiles --discover --account 925774240130

Exit codes: 0 found, 1 nothing matched, 2 bad usage or malformed file,
3 could not determine (--discover: network, throttling, timeout),
4 --discover needs an SSO login first.`

func newApp() *cli.App { return newAppWith(systemDeps()) }

// newAppWith builds the app over injected dependencies (tests pass fakes).
func newAppWith(d deps) *cli.App {
	app := cmdutil.NewApp("ssm-profiles",
		"find the locally stored AWS profile for an account, and whether it is logged in",
		description)
	app.ArgsUsage = "[NAME-GLOB...]"
	app.Flags = append(cmdutil.OutputFlags(),
		&cli.StringSliceFlag{Name: flagAccount, Usage: "only profiles for this 12-digit account ID (repeatable)"},
		&cli.StringFlag{Name: flagRole, Usage: "only profiles whose role name matches this glob (case-insensitive), e.g. '*SSM*'"},
		&cli.StringFlag{Name: flagSSOSession, Usage: "only profiles using this sso-session"},
		&cli.StringFlag{Name: flagRegion, Usage: "only profiles with this region"},
		&cli.StringFlag{Name: flagSource, Usage: "only this credential source: " + strings.Join(profiles.Sources(), "|")},
		&cli.BoolFlag{Name: flagLoggedIn, Usage: "only profiles whose credentials are usable now (valid SSO token, static keys, ...)"},
		&cli.BoolFlag{Name: flagDiscover, Usage: "ask the SSO portal (with the cached token) which account+role pairs have no profile yet, and print the config block for each; never writes"},
		cmdutil.TimeoutFlag(30*time.Second),
		cmdutil.QuietFlag(),
	)
	app.Action = func(c *cli.Context) error { return run(c, d) }
	return app
}

func filterFrom(c *cli.Context) profiles.Filter {
	return profiles.Filter{
		Names:      c.Args().Slice(),
		Accounts:   c.StringSlice(flagAccount),
		Role:       c.String(flagRole),
		SSOSession: c.String(flagSSOSession),
		Region:     c.String(flagRegion),
		Source:     c.String(flagSource),
		LoggedIn:   c.Bool(flagLoggedIn),
	}
}

// osEnv is os.Getenv; named so deps reads as data.
func osEnv(k string) string { return os.Getenv(k) }
