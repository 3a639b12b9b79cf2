package cmdutil

import (
	"os"
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/completion"
	"github.com/ssmkit/ssmkit/internal/manpage"
	"github.com/urfave/cli/v2"
)

// Names of the commands every tool has.
const (
	CommandCompletion = "completion"
	CommandMan        = "man"
)

// addBuiltins gives app the commands every ssmkit tool has, once:
// "completion SHELL" and the hidden "man". They are added when the app runs,
// after the tool defined its own commands, so they describe the whole app.
func addBuiltins(app *cli.App) {
	if app.Command(CommandCompletion) != nil {
		return
	}
	app.Commands = append(app.Commands, completionCommand(app.Name), manCommand())
	completion.ArgsLike(app, CommandCompletion, "shell", 1)
	if app.UsageText == "" && app.Action != nil {
		app.UsageText = usageText(app)
	}
}

// usageText is one usage line for the app and one per visible command.
// urfave's own line ("command [command options]") would tell users of a
// tool that works without a command that they need one.
func usageText(app *cli.App) string {
	lines := []string{strings.TrimSpace(app.Name + " [global options] " + app.ArgsUsage)}
	for _, c := range app.VisibleCommands() {
		l := app.Name + " " + c.Name
		if len(c.VisibleFlags()) > 0 {
			l += " [command options]"
		}
		lines = append(lines, strings.TrimSpace(l+" "+c.ArgsUsage))
	}
	return strings.Join(lines, "\n")
}

func completionCommand(prog string) *cli.Command {
	return &cli.Command{
		Name:      CommandCompletion,
		Usage:     "print the shell completion script: " + strings.Join(completion.Shells(), "|"),
		ArgsUsage: strings.Join(completion.Shells(), "|"),
		Description: `Prints a script that makes the shell complete ` + prog + `'s commands, flags
and their values: -o formats, session kinds and profile names, read offline from
the local AWS config (the script asks ` + prog + ` itself, so it never goes stale).

` + completion.Install(prog),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return Usagef("completion takes one shell: %s", strings.Join(completion.Shells(), ", "))
			}
			if err := completion.Script(c.App.Writer, c.Args().First(), c.App.Name); err != nil {
				return Usagef("%v", err)
			}
			return nil
		},
	}
}

func manCommand() *cli.Command {
	return &cli.Command{
		Name:   CommandMan,
		Usage:  "print the man page (roff), as make man installs it",
		Hidden: true,
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return Usagef("man takes no arguments")
			}
			_, err := c.App.Writer.Write(manpage.Roff(c.App))
			return err
		},
	}
}

// completionRequest answers the completion scripts (completion.RequestCommand)
// and reports whether args was one. It runs before any flag parsing: the
// words being completed are unfinished and must not be judged.
func completionRequest(app *cli.App, args []string, env completion.Env) ([]byte, bool) {
	if len(args) < 2 || (args[1] != completion.RequestCommand && args[1] != completion.RequestCommandNoDesc) {
		return nil, false
	}
	var b strings.Builder
	res := completion.Complete(app, completion.Shared(env), args[2:])
	_ = res.Write(&b, args[1] == completion.RequestCommand)
	return []byte(b.String()), true
}

// systemEnv is what completion reads on this machine.
func systemEnv() completion.Env {
	return completion.Env{Getenv: os.Getenv, Home: paths.HomeDir, Now: time.Now}
}
