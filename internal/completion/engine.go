package completion

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// Complete answers one completion request for app. args are the words after
// the program name as the shell split them, the last being the word under
// the cursor ("" on a fresh word). shared are the sources every app knows,
// by flag name; the app's own (SetValues) win. Flags and commands come from
// app's definitions, so a flag or command added there completes at once.
func Complete(app *cli.App, shared map[string]Source, args []string) Result {
	if len(args) == 0 {
		args = []string{""}
	}
	words, cur := args[:len(args)-1], args[len(args)-1]
	l := scan(app, words)
	sp := specOf(app)
	source := func(names ...string) Source {
		for _, n := range names {
			if src, ok := sp.values[n]; ok {
				return src
			}
			if src, ok := shared[n]; ok {
				return src
			}
		}
		return nil
	}
	switch {
	case l.pending != nil:
		return flagValues(l.pending, source(l.pending.Names()...), cur)
	case !l.literal && strings.HasPrefix(cur, "-") && strings.Contains(cur, "="):
		// --flag=value: the scripts put the "--flag=" back in front.
		name, value, _ := strings.Cut(strings.TrimLeft(cur, "-"), "=")
		if !strings.HasPrefix(cur, "--") && len(name) > 0 {
			name = name[len(name)-1:] // -qo=json: the last short flag
		}
		if f := lookup(app, name); f != nil {
			return flagValues(f, source(f.Names()...), value)
		}
		return Result{Directive: NoFiles}
	case !l.literal && strings.HasPrefix(cur, "-"):
		return Result{Candidates: filter(flagNames(app, l), cur), Directive: NoFiles}
	}
	var out []Candidate
	if l.cmd == nil && l.args == 0 && !l.literal {
		for _, c := range app.Commands {
			if !c.Hidden {
				out = append(out, Candidate{c.Name, c.Usage})
			}
		}
	}
	cmdName := ""
	if l.cmd != nil {
		cmdName = l.cmd.Name
	}
	if as, ok := sp.args[cmdName]; ok && (as.max == 0 || l.args < as.max) {
		if src := source(as.source); src != nil {
			out = append(out, src()...)
		}
	}
	return Result{Candidates: filter(out, cur), Directive: NoFiles}
}

// flagValues completes the value of flag f.
func flagValues(f cli.Flag, src Source, prefix string) Result {
	if src != nil {
		return Result{Candidates: filter(src(), prefix), Directive: NoFiles}
	}
	if takesFile(f) {
		return Result{Directive: Files}
	}
	return Result{Directive: NoFiles}
}

// takesFile reports whether f names a file: urfave's TakesFile, or a FILE,
// PATH or DIR placeholder in its usage (`FILE`), as --help shows it.
func takesFile(f cli.Flag) bool {
	if tf, ok := f.(interface{ TakesFile() bool }); ok && tf.TakesFile() {
		return true
	}
	d, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return false
	}
	switch placeholder(d.GetUsage()) {
	case "FILE", "PATH", "DIR":
		return true
	}
	return false
}

// flagNames lists the flags that may come next: the command's (or the
// app's), not the hidden ones, and not one already given unless it
// repeats.
func flagNames(app *cli.App, l line) []Candidate {
	flags := append(append([]cli.Flag{}, app.Flags...), cli.HelpFlag)
	if !app.HideVersion && cli.VersionFlag != nil {
		flags = append(flags, cli.VersionFlag)
	}
	if l.cmd != nil {
		flags = append(append([]cli.Flag{}, l.cmd.Flags...), cli.HelpFlag)
	}
	var out []Candidate
	for _, f := range flags {
		if f == nil || !visible(f) || (l.seen[f.Names()[0]] && !repeats(f)) {
			continue
		}
		for _, n := range f.Names() {
			dash := "--"
			if len(n) == 1 {
				dash = "-"
			}
			out = append(out, Candidate{dash + n, usage(f)})
		}
	}
	return out
}

// filter keeps the candidates that start with prefix.
func filter(cs []Candidate, prefix string) []Candidate {
	var out []Candidate
	for _, c := range cs {
		if strings.HasPrefix(c.Value, prefix) {
			out = append(out, c)
		}
	}
	return out
}

func visible(f cli.Flag) bool {
	v, ok := f.(cli.VisibleFlag)
	return !ok || v.IsVisible()
}

func repeats(f cli.Flag) bool {
	s, ok := f.(cli.DocGenerationSliceFlag)
	return ok && s.IsSliceFlag()
}

// usage is the flag's help text on one line, placeholder quotes removed.
func usage(f cli.Flag) string {
	d, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return ""
	}
	u, _, _ := strings.Cut(d.GetUsage(), "\n")
	return strings.ReplaceAll(u, "`", "")
}

// placeholder is the `NAME` urfave shows for a flag's value in --help.
func placeholder(usage string) string {
	_, rest, ok := strings.Cut(usage, "`")
	if !ok {
		return ""
	}
	name, _, ok := strings.Cut(rest, "`")
	if !ok {
		return ""
	}
	return name
}
