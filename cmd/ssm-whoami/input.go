package main

import (
	"context"
	"errors"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/record"
	"github.com/urfave/cli/v2"
)

// input is where the profiles to resolve come from: names given on the
// command line, records on stdin, or the implicit profile.
type input struct {
	names     []string
	fromStdin bool
}

// chooseInput collects the profile names, reading stdin to the end first:
// bad input on any line is then one error and no partial output.
func chooseInput(ctx context.Context, c *cli.Context, s output.Streams) (input, error) {
	var in input
	if p := c.String(flagProfile); p != "" {
		in.names = append(in.names, p)
	}
	for _, a := range c.Args().Slice() {
		if a == "-" {
			in.fromStdin = true
			continue
		}
		in.names = append(in.names, a)
	}
	if in.fromStdin && s.In == nil {
		return input{}, cmdutil.Usagef("'-' reads records from stdin, but there is no stdin")
	}
	// Piped stdin is read only when nothing was named: an explicit profile wins.
	if len(in.names) == 0 && s.InPiped {
		in.fromStdin = true
	}
	if in.fromStdin {
		names, err := readWithin(ctx, s)
		if errors.Is(err, context.DeadlineExceeded) {
			return input{}, exitcode.New(exitcode.Unknown,
				"stdin was still open after --timeout %s: is the command before the pipe stuck? (--profile NAME does not read stdin)",
				c.Duration(cmdutil.FlagTimeout))
		}
		if err != nil {
			return input{}, err
		}
		in.names = append(in.names, names...)
	}
	return in, nil
}

// readWithin reads the profile names on stdin unless ctx ends first
// (--timeout bounds the whole run, even a pipe that never closes).
func readWithin(ctx context.Context, s output.Streams) ([]string, error) {
	var names []string
	err := cmdutil.UntilDone(ctx, func() (err error) {
		names, err = readProfileNames(s)
		return err
	})
	if err != nil {
		return nil, err // names may still be written by the abandoned read
	}
	return names, nil
}

// readProfileNames takes the profile of each Profile or Identity record on
// stdin; other kinds are passed over with a note. Bad JSON is exit 2.
func readProfileNames(s output.Streams) ([]string, error) {
	var names []string
	err := record.Each(s.In, func(raw record.Raw) error {
		var ref struct {
			Name    string `json:"name"`
			Profile string `json:"profile"`
		}
		switch raw.Kind {
		case record.KindProfile, record.KindIdentity:
			if err := raw.Decode(&ref); err != nil {
				return err
			}
		default:
			s.Notef("stdin line %d: skipping a %s record (ssm-whoami reads Profile and Identity records)", raw.Line, raw.Kind)
			return nil
		}
		name := ref.Name
		if raw.Kind == record.KindIdentity {
			name = ref.Profile
		}
		if name == "" {
			s.Notef("stdin line %d: %s record names no profile; skipped", raw.Line, raw.Kind)
			return nil
		}
		names = append(names, name)
		return nil
	})
	return names, err
}

// feed sends the profiles to resolve, in order, then closes out.
func (in input) feed(loc *local, out chan<- identity.Profile) {
	defer close(out)
	for _, n := range in.names {
		out <- loc.named(n)
	}
	if !in.fromStdin && len(in.names) == 0 {
		out <- loc.implicit()
	}
}
