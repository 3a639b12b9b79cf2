package main

import (
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/urfave/cli/v2"
)

func newApp() *cli.App {
	app := cmdutil.NewApp("ssm-profiles",
		"find the locally stored AWS profile for an account, and whether it is logged in",
		"Reads ~/.aws/config and ~/.aws/credentials as the AWS CLI does, offline.")
	app.Flags = cmdutil.OutputFlags()
	app.Action = cmdutil.NotImplemented
	return app
}
