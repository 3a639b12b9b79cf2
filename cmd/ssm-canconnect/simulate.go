package main

import (
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/urfave/cli/v2"
)

// simulateCommand is a placeholder until the policy evaluator lands.
func simulateCommand() *cli.Command {
	return &cli.Command{
		Name:   "simulate",
		Usage:  "evaluate IAM policy files offline for one request (no AWS calls)",
		Flags:  cmdutil.OutputFlags(),
		Action: cmdutil.NotImplemented,
	}
}
