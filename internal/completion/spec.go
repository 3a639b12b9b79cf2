package completion

import "github.com/urfave/cli/v2"

// Source lists the values a flag or argument can take. It must be offline
// and fast: it runs while the user waits on <TAB>.
type Source func() []Candidate

// Static is a Source of fixed values.
func Static(values ...Candidate) Source {
	return func() []Candidate { return values }
}

// metaKey is where an app keeps its completion spec, in cli.App.Metadata
// next to the rest of its definition.
const metaKey = "ssmkit.completion"

// spec is what an app adds to the shared sources.
type spec struct {
	values map[string]Source
	args   map[string]argSpec
}

// argSpec says how the positional arguments of one command complete.
type argSpec struct {
	source string
	max    int // at most this many arguments; 0: any number
}

func specOf(app *cli.App) *spec {
	if s, ok := app.Metadata[metaKey].(*spec); ok {
		return s
	}
	s := &spec{values: map[string]Source{}, args: map[string]argSpec{}}
	if app.Metadata == nil {
		app.Metadata = map[string]any{}
	}
	app.Metadata[metaKey] = s
	return s
}

// SetValues gives the values of a flag the shared sources do not know (by
// any of the flag's names), or a named source for ArgsLike.
func SetValues(app *cli.App, name string, src Source) {
	specOf(app).values[name] = src
}

// ArgsLike makes the positional arguments of command ("" for the app
// itself) complete from the named source: a flag name such as "profile"
// completes them like --profile. max bounds how many arguments the command
// takes (0: any number), so nothing is offered past the last one.
func ArgsLike(app *cli.App, command, source string, max int) {
	specOf(app).args[command] = argSpec{source: source, max: max}
}
