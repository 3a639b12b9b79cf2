package main

import (
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/urfave/cli/v2"
)

func newApp() *cli.App {
	app := cmdutil.NewApp("ssm-readiness",
		"check that a target, its account and this machine are ready for Session Manager",
		`Checks the target (managed and online, agent version, instance role, network path to the
ssm, ec2messages and ssmmessages endpoints), the account (session preferences, KMS key,
logging destinations) and this machine (AWS CLI, session-manager-plugin, ssh config), with
a fix for everything that is not ready. Exit 0 ready, 1 not ready, 3 could not tell.

Not implemented yet.`)
	app.Flags = cmdutil.OutputFlags()
	app.Action = cmdutil.NotImplemented
	return app
}
