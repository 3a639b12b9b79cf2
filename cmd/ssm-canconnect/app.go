package main

import (
	"slices"
	"time"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/urfave/cli/v2"
)

// Flag names of the live check.
const (
	flagProfile      = "profile"
	flagAsRole       = "as-role"
	flagPrincipalTag = "principal-tag"
	flagSession      = "session"
	flagDocument     = "document"
	flagRegion       = "region"
	flagList         = "list"
	flagPreflight    = "preflight"
	flagNoCache      = "no-cache"
	flagNoSimulator  = "no-simulator"
)

const description = `Decides whether a principal may start a Session Manager session on a target
right now, and if not, exactly what stops it: the statement, SCP, key policy,
missing grant or target state, with the change to make (printed, never applied).

For each principal (the caller, --as-role, an IAM Identity Center user with
--as-user: each of their permission sets, or every Profile/Identity record piped
on stdin) and target (i-..., mi-..., Name=NAME, tag:KEY=VALUE, a private IP or
DNS name) it checks: the credentials, ssm:StartSession on the target and the
session document (tags, conditions, boundary, SCPs, the default-document rule),
the session-encryption KMS key (shell sessions; SSH and port forwarding do not
use it), ending and finding sessions (warnings), the target's state and
connection, and AWS's own policy simulator where the caller may ask it.

Examples:
   ssm-canconnect i-0123456789abcdef0                      # may I open a shell there?
   ssm-canconnect --session port-forward Name=cast-dev-app01 -o wide
   ssm-canconnect --as-role arn:aws:iam::925774240130:role/Ops tag:team=ops
   ssm-canconnect --as-user a-a836660 --as-user a-a837172 --identity-center-profile org-admin \
       --session port-forward Name=cast-dev-app01       # may these Identity Center users? via which group?
   ssm-profiles --account 925774240130 --logged-in | ssm-canconnect i-0123456789abcdef0
   ssm-canconnect --list                                   # every instance, every session kind
   ssm-canconnect ssh-config --profile cast-dev-admin >> ~/.ssh/config

Exit codes: 0 yes, 1 no, 2 bad usage or input, 3 could not determine,
4 log in first (the fix names the command), 130 interrupted; with several
answers, the worst of them.`

func newApp() *cli.App { return newAppWith(systemDeps()) }

// newAppWith builds the app over injected dependencies (tests pass fakes).
func newAppWith(d deps) *cli.App {
	app := cmdutil.NewApp("ssm-canconnect",
		"decide whether a principal may start a Session Manager session on a target, and why",
		description)
	app.ArgsUsage = "TARGET..."
	app.Flags = slices.Concat(cmdutil.OutputFlags(), liveFlags(), identityCenterFlags(), []cli.Flag{cmdutil.TimeoutFlag(30 * time.Second), cmdutil.QuietFlag()})
	// Repeatable flags are repeated, never comma-split: a tag or context value
	// ("--principal-tag team=a,b") or a file name may hold a comma.
	app.DisableSliceFlagSeparator = true
	app.Action = func(c *cli.Context) error { return runLive(c, d) }
	withEvidence(app, d)
	app.HideHelpCommand = false
	app.Commands = []*cli.Command{simulateCommand(), sshConfigCommand(d)}
	return app
}

func liveFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: flagProfile, Usage: "profile whose credentials ask, repeatable (default: piped Profile/Identity records, else AWS_PROFILE, else the default chain)"},
		&cli.StringFlag{Name: flagAsRole, Usage: "decide for this IAM role `ARN` instead of the caller (its permissions, not its trust policy)"},
		&cli.StringSliceFlag{Name: flagPrincipalTag, Usage: "session tag `KEY=VALUE` of the principal, repeatable: the session's tags when policies test aws:PrincipalTag"},
		&cli.StringSliceFlag{Name: flagSession, Usage: "session `KIND`: shell, ssh, port-forward or remote-port-forward, repeatable (default shell)"},
		&cli.StringFlag{Name: flagDocument, Usage: "session document `NAME` (instead of --session), e.g. a custom Session document"},
		&cli.StringFlag{Name: flagRegion, Usage: "`REGION` of the targets (default: the profile's region)"},
		&cli.BoolFlag{Name: flagList, Usage: "every instance in the account and region, per session kind, as a matrix (no per-instance calls)"},
		&cli.BoolFlag{Name: flagPreflight, Usage: "ssh ProxyCommand mode: print nothing on stdout, fail only on a definite no, never read stdin; cached"},
		&cli.BoolFlag{Name: flagNoCache, Usage: "do not read or write the identity and pre-flight caches"},
		&cli.BoolFlag{Name: flagNoSimulator, Usage: "do not ask AWS's policy simulator (iam:SimulatePrincipalPolicy)"},
	}
}
