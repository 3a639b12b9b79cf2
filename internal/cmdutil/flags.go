// Package cmdutil wires the conventions every ssmkit binary shares: common
// flags, streams, printers, signals, one error line and the exit code.
package cmdutil

import (
	"context"
	"fmt"
	"time"

	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/urfave/cli/v2"
)

// Names of the shared flags.
const (
	FlagOutput  = "output"
	FlagNoColor = "no-color"
	FlagTimeout = "timeout"
	FlagQuiet   = "quiet"
)

// OutputFlags are -o/--output and --no-color.
func OutputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: FlagOutput, Aliases: []string{"o"},
			Usage: "output format: " + output.FormatNames("|") + " (default: table on a terminal, ndjson otherwise)"},
		&cli.BoolFlag{Name: FlagNoColor, Usage: "disable colour (also NO_COLOR=1 or TERM=dumb)"},
	}
}

// TimeoutFlag bounds the whole run.
func TimeoutFlag(def time.Duration) cli.Flag {
	return &cli.DurationFlag{Name: FlagTimeout, Value: def,
		Usage: "give up after this long, exit 3 (e.g. 5s, 1m)"}
}

// QuietFlag prints nothing and only sets the exit code.
func QuietFlag() cli.Flag {
	return &cli.BoolFlag{Name: FlagQuiet, Aliases: []string{"q"}, Usage: "print nothing; only set the exit code"}
}

// Streams returns the command's streams with --no-color applied.
func Streams(c *cli.Context) output.Streams {
	s, _ := c.App.Metadata[metaStreams].(output.Streams)
	if c.Bool(FlagNoColor) {
		s.Color = false
	}
	return s
}

// Printer returns a printer for -o; a bad value is a usage error (exit 2).
func Printer(c *cli.Context) (*output.Printer, error) {
	f, err := output.ParseFormat(c.String(FlagOutput))
	if err != nil {
		return nil, exitcode.Wrap(exitcode.Usage, err)
	}
	return output.NewPrinter(Streams(c), f), nil
}

// WithTimeout derives the run's context from --timeout (no limit when unset or 0).
func WithTimeout(c *cli.Context) (context.Context, context.CancelFunc) {
	if d := c.Duration(FlagTimeout); d > 0 {
		return context.WithTimeout(c.Context, d)
	}
	return context.WithCancel(c.Context)
}

// TimeoutError explains a run that hit --timeout, with exit code 3.
func TimeoutError(c *cli.Context, what string) error {
	return exitcode.New(exitcode.Unknown, "%s: timed out after %s: check the network path to AWS or raise --timeout",
		what, c.Duration(FlagTimeout))
}

// Usagef is a usage error (exit 2) that points at --help.
func Usagef(format string, args ...any) error {
	return exitcode.New(exitcode.Usage, "%s (see --help)", fmt.Sprintf(format, args...))
}

// NotImplemented is the action of a tool whose issue has not landed: exit 2,
// never a fake answer.
func NotImplemented(c *cli.Context) error {
	return exitcode.New(exitcode.Usage, "%s: not implemented yet", c.App.Name)
}
