package main

import (
	"fmt"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/runas"
	"github.com/ssmkit/ssmkit/internal/sshconfig"
	"github.com/urfave/cli/v2"
)

// sshConfigCommand prints the ~/.ssh/config block for ssh over Session
// Manager with the pre-flight in front. Printed, never written.
func sshConfigCommand(d deps) *cli.Command {
	return &cli.Command{
		Name:  "ssh-config",
		Usage: "print the ~/.ssh/config block for ssh over Session Manager, with the pre-flight check",
		Description: `Prints a "Host i-* mi-*" block whose ProxyCommand runs
'ssm-canconnect --preflight' and then 'aws ssm start-session --document-name
AWS-StartSSHSession' with the profile and region given (or the profile's own
region). It is printed, never written: append it to ~/.ssh/config yourself.

  ssm-canconnect ssh-config --profile cast-dev-admin >> ~/.ssh/config
  ssh ec2-user@i-0123456789abcdef0
  ssm-canconnect ssh-config --profile prod --shell powershell   # Windows OpenSSH

` + cmdutil.FlagRule,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: flagProfile, Usage: "profile the sessions use (default: AWS_PROFILE at connect time)"},
			&cli.StringFlag{Name: flagRegion, Usage: "`REGION` of the instances (default: the profile's region)"},
			&cli.StringFlag{Name: "shell", Value: sshconfig.ShellPOSIX, Usage: "the ProxyCommand's shell: sh, or powershell for Windows OpenSSH"},
		},
		Action: func(c *cli.Context) error { return runSSHConfig(c, d) },
	}
}

func runSSHConfig(c *cli.Context, d deps) error {
	if c.NArg() > 0 {
		return cmdutil.Usagef("ssh-config takes no arguments, got %q", c.Args().First())
	}
	o := sshconfig.Options{Profile: c.String(flagProfile), Region: c.String(flagRegion), Shell: c.String("shell")}
	if o.Profile != "" && o.Region == "" {
		loc, err := runas.Load(d.env, d.home, d.now())
		if err != nil {
			return err
		}
		s := loc.Named(o.Profile)
		if s.Missing {
			return cmdutil.Usagef("no profile %s in this machine's AWS config files (ssm-profiles lists them)", o.Profile)
		}
		o.Region = s.Region
	}
	o.Comment = "Printed by ssm-canconnect ssh-config; add it to ~/.ssh/config (on Windows, %USERPROFILE%\\.ssh\\config)."
	block, err := sshconfig.Render(o)
	if err != nil {
		return cmdutil.Usagef("%v", err)
	}
	_, err = fmt.Fprint(cmdutil.Streams(c).Out, block)
	return err
}
