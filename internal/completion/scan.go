package completion

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// line is what the words before the cursor say, read with ssmkit's one flag
// rule: flags may come before or after arguments, and "--" ends them.
type line struct {
	// cmd is the command the first argument named, nil for the app itself.
	cmd *cli.Command
	// seen holds the first name of every flag given.
	seen map[string]bool
	// pending is a flag that takes a value and has none yet: the cursor is
	// on its value.
	pending cli.Flag
	// literal is true after "--": every word is an argument.
	literal bool
	// args counts the positional arguments, the command name not included.
	args int
}

// scan reads the words before the cursor. A command's flags may come before
// the command's name (the one flag rule), so whether a flag takes a value is
// looked up across the app and all its commands.
func scan(app *cli.App, words []string) line {
	l := line{seen: map[string]bool{}}
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case l.literal || w == "-" || !strings.HasPrefix(w, "-"):
			if l.cmd == nil && l.args == 0 && !l.literal {
				if c := commandNamed(app, w); c != nil {
					l.cmd = c
					continue
				}
			}
			l.args++
		case w == "--":
			l.literal = true
		default:
			name, hasValue := flagWord(w)
			f := lookup(app, name)
			if f == nil {
				continue // unknown: the tool will say so when it runs
			}
			l.seen[f.Names()[0]] = true
			if !takesValue(f) || hasValue {
				continue
			}
			if i+1 < len(words) {
				i++
			} else {
				l.pending = f
			}
		}
	}
	return l
}

// flagWord is the name of the flag w gives, and whether w holds its value
// too ("--output=json"). For combined short flags ("-qo") it is the last
// one, the only one that may take a value.
func flagWord(w string) (name string, hasValue bool) {
	name, _, hasValue = strings.Cut(strings.TrimLeft(w, "-"), "=")
	if !strings.HasPrefix(w, "--") && len(name) > 1 {
		name = name[len(name)-1:]
	}
	return name, hasValue
}

// lookup finds a flag by any of its names in the app or its commands.
func lookup(app *cli.App, name string) cli.Flag {
	find := func(flags []cli.Flag) cli.Flag {
		for _, f := range flags {
			for _, n := range f.Names() {
				if n == name {
					return f
				}
			}
		}
		return nil
	}
	if f := find(app.Flags); f != nil {
		return f
	}
	for _, c := range app.Commands {
		if f := find(c.Flags); f != nil {
			return f
		}
	}
	return find([]cli.Flag{cli.HelpFlag, cli.VersionFlag})
}

func takesValue(f cli.Flag) bool {
	d, ok := f.(cli.DocGenerationFlag)
	return ok && d.TakesValue()
}

// commandNamed is the command (by name or alias) that w names, or nil.
func commandNamed(app *cli.App, w string) *cli.Command {
	for _, c := range app.Commands {
		if c.HasName(w) {
			return c
		}
	}
	return nil
}
