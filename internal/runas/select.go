package runas

import (
	"context"
	"errors"
	"time"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/record"
)

// Args is what the command line says about profiles.
type Args struct {
	// Tool is the command's name, for the notes on stdin records it skips.
	Tool string
	// Names are --profile and the PROFILE arguments, in order; "-" among
	// them asks for stdin.
	Names []string
	// Timeout is --timeout, named when stdin is still open after it.
	Timeout time.Duration
}

// Selection is what a run acts for: profile names in order, and whether
// they came from stdin.
type Selection struct {
	Names     []string
	FromStdin bool
}

// Select collects the profile names. Piped stdin is read only when nothing
// is named (an explicit profile wins) or "-" asks for it, and is read to the
// end first: bad input on any line is then one error and no partial output.
// ctx bounds the read, even from a pipe that never closes.
func Select(ctx context.Context, a Args, s output.Streams) (Selection, error) {
	var sel Selection
	for _, n := range a.Names {
		if n == "-" {
			sel.FromStdin = true
			continue
		}
		sel.Names = append(sel.Names, n)
	}
	if sel.FromStdin && s.In == nil {
		return Selection{}, cmdutil.Usagef("'-' reads records from stdin, but there is no stdin")
	}
	if len(sel.Names) == 0 && s.InPiped {
		sel.FromStdin = true
	}
	if !sel.FromStdin {
		return sel, nil
	}
	names, err := readWithin(ctx, a.Tool, s)
	if errors.Is(err, context.DeadlineExceeded) {
		return Selection{}, exitcode.New(exitcode.Unknown,
			"stdin was still open after --timeout %s: is the command before the pipe stuck? (--profile NAME does not read stdin)", a.Timeout)
	}
	if err != nil {
		return Selection{}, err
	}
	sel.Names = append(sel.Names, names...)
	return sel, nil
}

// Subjects looks every selected name up in l, in order; with nothing named
// and nothing read from stdin, the implicit subject.
func (sel Selection) Subjects(l *Local) []Subject {
	if !sel.FromStdin && len(sel.Names) == 0 {
		return []Subject{l.Implicit()}
	}
	out := make([]Subject, len(sel.Names))
	for i, n := range sel.Names {
		out[i] = l.Named(n)
	}
	return out
}

// readWithin reads the profile names on stdin unless ctx ends first.
func readWithin(ctx context.Context, tool string, s output.Streams) ([]string, error) {
	var names []string
	err := cmdutil.UntilDone(ctx, func() (err error) {
		names, err = readProfileNames(tool, s)
		return err
	})
	if err != nil {
		return nil, err // names may still be written by the abandoned read
	}
	return names, nil
}

// readProfileNames takes the profile of each Profile or Identity record on
// stdin; other kinds are passed over with a note. Bad JSON is exit 2.
func readProfileNames(tool string, s output.Streams) ([]string, error) {
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
			s.Notef("stdin line %d: skipping a %s record (%s reads Profile and Identity records)", raw.Line, raw.Kind, tool)
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
