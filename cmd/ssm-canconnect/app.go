package main

import (
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/urfave/cli/v2"
)

func newApp() *cli.App {
	app := cmdutil.NewApp("ssm-canconnect",
		"decide whether a principal may start a Session Manager session on a target, and why",
		`Decides whether a principal (me, a role, or an IAM Identity Center user) may start a
shell, SSH, port-forwarding or remote-host port-forwarding session on a target, naming
the statement, key policy or missing grant that allows or blocks it, and what to change.
Exit 0 yes, 1 no, 2 bad input, 3 could not tell, 4 log in first.

The live check against AWS is not implemented yet; "simulate" evaluates policy files offline.`)
	app.Flags = cmdutil.OutputFlags()
	// Repeatable flags are repeated, never comma-split: a tag or context value
	// ("--principal-tag team=a,b") or a file name may hold a comma.
	app.DisableSliceFlagSeparator = true
	app.Action = func(*cli.Context) error {
		return cmdutil.Usagef("the live check is not implemented yet: 'ssm-canconnect simulate' decides offline from policy files")
	}
	app.HideHelpCommand = false
	app.Commands = []*cli.Command{simulateCommand()}
	return app
}
