package cmdutil

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// flagsFirst moves flags that follow positional arguments ahead of them, so
// `ssm-profiles 'prod-*' -o name` means what it reads as: urfave/cli v2 stops
// parsing flags at the first positional argument. Everything after "--" stays
// positional.
func flagsFirst(flags []cli.Flag, args []string) []string {
	if len(args) < 3 {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flagArgs, positional []string
	rest := args[1:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			positional = append(positional, rest[i:]...)
			break
		}
		if a == "-" || !strings.HasPrefix(a, "-") {
			positional = append(positional, a)
			continue
		}
		flagArgs = append(flagArgs, a)
		if needsValue(a, takesValue) && i+1 < len(rest) {
			i++
			flagArgs = append(flagArgs, rest[i])
		}
	}
	return append(append([]string{args[0]}, flagArgs...), positional...)
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
