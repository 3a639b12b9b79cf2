package cmdutil

import (
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// flagsFirst applies the one flag rule of every ssmkit tool, kubectl's:
// flags may come before or after positional arguments, and "--" ends the
// flags (`ssm-profiles -- -weird` names a profile "-weird"). urfave/cli v2
// stops parsing flags at the first positional argument, so the flags are
// moved ahead of the positional arguments here. For an app with commands,
// the flags follow the command name, except those only the app defines
// (--version): `ssm-canconnect -o json simulate ...` means the simulate
// command's -o, as it reads.
func flagsFirst(app *cli.App, args []string) []string {
	if len(args) < 3 {
		return args
	}
	all := slices.Clone(app.Flags)
	for _, c := range app.Commands {
		all = append(all, c.Flags...)
	}
	flags, positional, literal := splitFlags(args[1:], valueFlags(all))
	var cmd *cli.Command
	if literal != 0 {
		cmd = commandNamed(app, positional)
	}
	if cmd == nil {
		return slices.Concat(args[:1], flagArgs(flags), endFlags(positional, literal))
	}
	own := flagNames(append(slices.Clone(cmd.Flags), cli.HelpFlag))
	appOnly := flagNames(append(slices.Clone(app.Flags), cli.VersionFlag))
	var before, after []flagArg
	for _, f := range flags {
		if appOnly[f.name()] && !own[f.name()] {
			before = append(before, f)
		} else {
			after = append(after, f) // the command's, or unknown: the command reports it
		}
	}
	return slices.Concat(args[:1], flagArgs(before), positional[:1], flagArgs(after), endFlags(positional[1:], literal-1))
}

// endFlags puts the "--" the user typed ahead of every positional argument:
// the flag parser drops a "--" it reaches, but once it has stopped at a
// positional argument a later "--" would become an argument itself.
func endFlags(positional []string, literal int) []string {
	if literal < 0 {
		return positional
	}
	return append([]string{"--"}, positional...)
}

// flagArg is one flag as typed: the flag and, when it takes one, its value.
type flagArg []string

// name is the flag's name without dashes or an "=value" part; for combined
// short options (-qo) the last one, which is the one that may take a value.
func (f flagArg) name() string {
	name, _, _ := strings.Cut(strings.TrimLeft(f[0], "-"), "=")
	if !strings.HasPrefix(f[0], "--") && len(name) > 1 {
		return name[len(name)-1:]
	}
	return name
}

func flagArgs(fs []flagArg) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f...)
	}
	return out
}

// splitFlags separates flags (with their values) from positional arguments.
// "-" (stdin) is positional, and so is everything after "--"; literal is the
// index in positional where those start, or -1 when there was no "--".
func splitFlags(args []string, takesValue map[string]bool) (flags []flagArg, positional []string, literal int) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(positional, args[i+1:]...), len(positional)
		case a == "-" || !strings.HasPrefix(a, "-"):
			positional = append(positional, a)
			continue
		}
		f := flagArg{a}
		if needsValue(a, takesValue) && i+1 < len(args) {
			i++
			f = append(f, args[i])
		}
		flags = append(flags, f)
	}
	return flags, positional, -1
}

// valueFlags maps every name of flags to whether it takes a value.
func valueFlags(flags []cli.Flag) map[string]bool {
	takesValue := map[string]bool{}
	for _, f := range flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	return takesValue
}

func flagNames(flags []cli.Flag) map[string]bool {
	names := map[string]bool{}
	for _, f := range flags {
		for _, n := range f.Names() {
			names[n] = true
		}
	}
	return names
}

// commandNamed returns the command the first positional argument names, as
// urfave/cli would pick it, or nil.
func commandNamed(app *cli.App, positional []string) *cli.Command {
	if len(positional) == 0 {
		return nil
	}
	for _, c := range app.Commands {
		if c.HasName(positional[0]) {
			return c
		}
	}
	return nil
}

// needsValue reports whether flag a takes the next argument as its value:
// not for booleans, "--name=value", or unknown flags (urfave reports those).
// Combined short options (-qo json) take a value when their last one does.
func needsValue(a string, takesValue map[string]bool) bool {
	name := strings.TrimLeft(a, "-")
	if strings.Contains(name, "=") || name == "" {
		return false
	}
	if v, ok := takesValue[name]; ok {
		return v
	}
	if !strings.HasPrefix(a, "--") && len(name) > 1 {
		return takesValue[name[len(name)-1:]]
	}
	return false
}
