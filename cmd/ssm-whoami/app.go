package main

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/completion"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/urfave/cli/v2"
)

// Flag names.
const (
	flagProfile     = "profile"
	flagConcurrency = "concurrency"
	flagNoCache     = "no-cache"
	flagNoEnrich    = "no-enrich"
)

const description = `Asks STS who each profile really is and says it plainly: account (and its
alias or name), principal type, role, IAM Identity Center permission set, session
(for SSO, the Identity Center user name) and how long the credentials last.

Before any network call it checks offline what ssm-profiles knows: an SSO
profile whose cached token is expired or missing is answered at once with the
'aws sso login' command to run (exit 4). Piped Profile records (ssm-profiles)
are resolved concurrently and printed in input order, one Identity each.

Examples:
   ssm-whoami                                  # AWS_PROFILE, or the default chain
   ssm-whoami --profile discovery-access
   ssm-profiles --account 925774240130 | ssm-whoami
   ssm-whoami -q --profile prod && ssh prod-bastion
   ssm-whoami -o name --profile prod           # just the caller ARN

Exit codes: 0 resolved, 2 bad usage or input, 3 could not determine (network,
throttling, timeout), 4 log in first (the record's fix names the command),
130 interrupted; with several profiles, the worst of them.`

func newApp() *cli.App { return newAppWith(systemDeps()) }

// newAppWith builds the app over injected dependencies (tests pass fakes).
func newAppWith(d deps) *cli.App {
	app := cmdutil.NewApp("ssm-whoami",
		"say who a profile really is: account, role, permission set, session, expiry",
		description)
	app.ArgsUsage = "[PROFILE...] [-]"
	app.Flags = append(cmdutil.OutputFlags(),
		&cli.StringFlag{Name: flagProfile, Usage: "profile to resolve (default: AWS_PROFILE, then the SDK's default chain)"},
		&cli.IntFlag{Name: flagConcurrency, Value: identity.DefaultConcurrency, Usage: "profiles resolved at once from stdin"},
		&cli.BoolFlag{Name: flagNoCache, Usage: "always ask STS; do not read or write the identity cache"},
		&cli.BoolFlag{Name: flagNoEnrich, Usage: "skip the account alias and name lookups (iam:ListAccountAliases, organizations:DescribeAccount)"},
		cmdutil.TimeoutFlag(15*time.Second),
		cmdutil.QuietFlag(),
	)
	app.Action = func(c *cli.Context) error { return run(c, d) }
	completion.ArgsLike(app, "", "profile", 0) // the arguments are profile names: complete them like --profile
	return app
}
