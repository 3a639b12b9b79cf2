package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/version"
	"github.com/urfave/cli/v2"
)

const metaStreams = "ssmkit.streams"

// FlagRule is the one flag rule of every tool and command, as --help states it.
const FlagRule = `Flags may come before or after the arguments, as in kubectl; "--" ends the
flags, so a name that starts with "-" can follow it.`

// NewApp returns an app with the conventions every binary shares.
func NewApp(name, usage, description string) *cli.App {
	return &cli.App{
		Name:                   name,
		Usage:                  usage,
		Description:            description + "\n\n" + FlagRule,
		Version:                version.String(),
		HideHelpCommand:        true,
		UseShortOptionHandling: true,
		EnableBashCompletion:   false,
		// urfave/cli must never exit or print errors itself: Run does both once.
		ExitErrHandler: func(*cli.Context, error) {},
	}
}

// Run runs app with args on s and returns the exit code. Errors are printed
// once, as one "error:" line on stderr; SIGINT/SIGTERM give 130.
func Run(app *cli.App, args []string, s output.Streams) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return RunContext(ctx, app, args, s)
}

// RunContext is Run with a caller-owned context (tests cancel it).
func RunContext(ctx context.Context, app *cli.App, args []string, s output.Streams) int {
	if app.Metadata == nil {
		app.Metadata = map[string]any{}
	}
	app.Metadata[metaStreams] = s
	app.Reader, app.Writer, app.ErrWriter = s.In, s.Out, s.Err
	app.OnUsageError = usageError
	for _, cmd := range app.Commands {
		if cmd.OnUsageError == nil {
			cmd.OnUsageError = usageError
		}
	}
	args = flagsFirst(app, args)
	err := app.RunContext(ctx, args)
	if err != nil && !errors.As(err, new(*exitcode.Error)) && strings.HasPrefix(err.Error(), "Required flag") {
		err = exitcode.New(exitcode.Usage, "%v (see --help)", err)
	}
	code := exitcode.Of(err)
	if err != nil && ctx.Err() != nil {
		code = exitcode.Interrupted // a signal arrived: whatever failed, failed because of it
	}
	if err != nil && err.Error() != "" {
		fmt.Fprintf(s.Err, "error: %s\n", oneLine(err.Error()))
	}
	return code
}

func usageError(_ *cli.Context, err error, _ bool) error {
	return exitcode.New(exitcode.Usage, "%v (see --help)", err)
}

// oneLine keeps the promise of one error line even for multi-line causes.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
