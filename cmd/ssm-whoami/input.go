package main

import (
	"github.com/ssmkit/ssmkit/internal/cmdutil"
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

func chooseInput(c *cli.Context, s output.Streams) (input, error) {
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
	return in, nil
}

// feed sends the profiles to resolve, in order, and returns a bad-input error
// (exit 2) if stdin holds something that is not a record stream.
func (in input) feed(s output.Streams, loc *local, out chan<- identity.Profile) error {
	for _, n := range in.names {
		out <- loc.named(n)
	}
	if !in.fromStdin {
		if len(in.names) == 0 {
			out <- loc.implicit()
		}
		return nil
	}
	return record.Each(s.In, func(raw record.Raw) error {
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
		out <- loc.named(name)
		return nil
	})
}
