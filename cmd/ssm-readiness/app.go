package main

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/sessionkind"
	"github.com/urfave/cli/v2"
)

// Flag names.
const (
	flagLocal      = "local"
	flagProfile    = "profile"
	flagRegion     = "region"
	flagAll        = "all"
	flagExpectTag  = "expect-tag"
	flagSession    = "session"
	flagMinAgent   = "min-agent-version"
	flagSSHConfig  = "ssh-config"
	flagNoSummary  = "no-summary"
	defaultTimeout = 60 * time.Second
)

const description = `Checks, from outside and read-only, what Session Manager needs before anyone
connects, and says what to change for everything that is not ready.

This machine (--local): the AWS CLI and its version (1.16.12 or later), the
session-manager-plugin and its version against AWS's current minimum, an ssh
client, and every Host in ~/.ssh/config (and the files it Includes) whose
ProxyCommand runs 'aws ssm start-session': the profile it uses, whether this
machine defines that profile, whether it is logged in, and its region.

Targets (instance ids, Name=..., tag:K=V, --all, or AccessCheck, Profile and
Identity records on stdin): instance running, managed and online, SSM Agent
version per session kind, the agent's role judged with the policy engine (or
the Default Host Management Configuration), the network path to the ssm,
ec2messages and ssmmessages endpoints, session preferences (KMS key, logging,
Run As), the hybrid tier for mi- nodes, and --expect-tag. Account-wide
findings are reported once per account and region.

Examples:
   ssm-readiness --local                       # this machine: CLI, plugin, ssh config
   ssm-readiness --local -o markdown           # a report to paste into a ticket
   ssm-readiness --local -o wide --no-summary
   ssm-canconnect --as-user a-a836660 --session port-forward Name=cast-dev-app01 |
       ssm-readiness --local -o markdown       # one findings report: access and readiness

Exit codes: 0 ready, 1 not ready, 2 bad usage or input, 3 could not tell
(network, throttling, timeout, not allowed to read), 4 log in first,
130 interrupted; with several records, the worst of them.`

func newApp() *cli.App { return newAppWith(systemDeps()) }

// newAppWith builds the app over injected dependencies (tests pass fakes).
func newAppWith(d deps) *cli.App {
	app := cmdutil.NewApp("ssm-readiness",
		"check that a target, its account and this machine are ready for Session Manager",
		description)
	app.ArgsUsage = "[TARGET...] [-]"
	app.Flags = append(cmdutil.OutputFlags(),
		&cli.BoolFlag{Name: flagLocal, Usage: "check this machine: AWS CLI, session-manager-plugin, ssh and the ssh config's ProxyCommands"},
		&cli.StringFlag{Name: flagSSHConfig, Usage: "the ssh config to read (default: ~/.ssh/config)"},
		&cli.StringFlag{Name: flagProfile, Usage: "profile whose account holds the targets"},
		&cli.StringFlag{Name: flagRegion, Usage: "region of the targets (default: the profile's)"},
		&cli.BoolFlag{Name: flagAll, Usage: "every instance and managed node in the account and region"},
		&cli.StringSliceFlag{Name: flagExpectTag, Usage: "KEY=VALUE the targets must carry (repeatable)"},
		&cli.StringSliceFlag{Name: flagSession, Usage: "session kind to require: " + sessionkind.Names(", ") + " (repeatable)"},
		&cli.StringFlag{Name: flagMinAgent, Usage: "fail agents older than this version"},
		&cli.BoolFlag{Name: flagNoSummary, Usage: "no closing summary on stderr"},
		cmdutil.TimeoutFlag(defaultTimeout),
		cmdutil.QuietFlag(),
	)
	app.Action = func(c *cli.Context) error { return run(c, d) }
	withEvidence(app, d)
	return app
}
