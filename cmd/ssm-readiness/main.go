// Command ssm-readiness is part of ssmkit; see README.md and --help.
package main

import (
	"os"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/output"
)

func main() {
	os.Exit(cmdutil.Run(newApp(), os.Args, output.System()))
}
