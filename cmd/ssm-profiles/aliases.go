package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ssmkit/ssmkit/internal/awsalias"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/urfave/cli/v2"
)

const aliasesDescription = `Prints the AWS CLI alias block that makes "aws whoami", "aws profiles",
"aws canconnect" and "aws readiness" run the ssmkit tools, with the AWS CLI's
--profile, --region, --output, --color off and --endpoint-url passed on
(--profile as AWS_PROFILE, --region as AWS_REGION; for "aws profiles" they pick
the profile and filter by region). Nothing is written: add the block to
~/.aws/cli/alias yourself. When that file already has a [toplevel] section the
block leaves its header out, and a note on stderr says what else to change.

Examples:
   ssm-profiles aliases >> ~/.aws/cli/alias
   aws whoami --profile prod
   ssm-profiles --logged-in | aws whoami --output json
   aws profiles --region eu-west-1`

// aliasesCommand prints the AWS CLI aliases; it reads the user's alias file
// only to fit the block to it.
func aliasesCommand(d deps) *cli.Command {
	return &cli.Command{
		Name:        "aliases",
		Usage:       "print the AWS CLI aliases: aws whoami, aws profiles, aws canconnect, aws readiness",
		Description: aliasesDescription,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cmdutil.Usagef("aliases takes no arguments, got %q", c.Args().First())
			}
			home, err := d.home()
			if err != nil {
				return exitcode.Wrap(exitcode.Usage, err)
			}
			// The AWS CLI looks only here (os.path.expanduser), whatever
			// AWS_CONFIG_FILE says.
			path := filepath.Join(home, ".aws", "cli", "alias")
			data, err := os.ReadFile(path)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return exitcode.New(exitcode.Usage, "reading %s: %w", path, err)
			}
			section, notes := awsalias.Fit(path, data)
			s := cmdutil.Streams(c)
			for _, n := range notes {
				s.Notef("%s", n)
			}
			_, err = fmt.Fprint(s.Out, awsalias.Block(section))
			return err
		},
	}
}
