package main

import (
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/urfave/cli/v2"
)

func newApp() *cli.App {
	app := cmdutil.NewApp("ssm-whoami",
		"say who a profile really is: account, role, permission set, session, expiry",
		"Resolves one profile, or the Profile records piped from ssm-profiles.")
	app.Flags = cmdutil.OutputFlags()
	app.Action = cmdutil.NotImplemented
	return app
}
