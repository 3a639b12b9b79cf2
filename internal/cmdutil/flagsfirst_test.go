package cmdutil

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

func TestFlagsFirst(t *testing.T) {
	app := &cli.App{Flags: append(OutputFlags(), QuietFlag(),
		&cli.StringSliceFlag{Name: "account"}, &cli.BoolFlag{Name: "logged-in"})}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"already first", []string{"p", "-o", "name", "dev-*"}, []string{"p", "-o", "name", "dev-*"}},
		{"flag after name", []string{"p", "dev-*", "-o", "name"}, []string{"p", "-o", "name", "dev-*"}},
		{"bool after name", []string{"p", "dev-*", "--logged-in", "prod-*"}, []string{"p", "--logged-in", "dev-*", "prod-*"}},
		{"value with =", []string{"p", "dev-*", "--account=925774240130"}, []string{"p", "--account=925774240130", "dev-*"}},
		{"combined short", []string{"p", "dev-*", "-qo", "json"}, []string{"p", "-qo", "json", "dev-*"}},
		{"stdin dash stays", []string{"p", "-", "-o", "wide"}, []string{"p", "-o", "wide", "-"}},
		{"double dash ends flags", []string{"p", "a", "--", "-b", "-o"}, []string{"p", "--", "a", "-b", "-o"}},
		{"flags before double dash move", []string{"p", "a", "-q", "--", "-b"}, []string{"p", "-q", "--", "a", "-b"}},
		{"double dash first", []string{"p", "--", "-weird"}, []string{"p", "--", "-weird"}},
		{"value that looks like a flag", []string{"p", "a", "--account", "-1"}, []string{"p", "--account", "-1", "a"}},
		{"unknown flag kept for urfave", []string{"p", "a", "--bogus", "b"}, []string{"p", "--bogus", "a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, flagsFirst(app, tt.args)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// With commands, flags go after the command name, where urfave/cli reads
// them as the command's, wherever they were typed.
func TestFlagsFirstWithCommands(t *testing.T) {
	app := &cli.App{Flags: OutputFlags(), Commands: []*cli.Command{{
		Name: "simulate", Aliases: []string{"sim"},
		Flags: append(OutputFlags(), QuietFlag(), &cli.StringFlag{Name: "policy"}, &cli.BoolFlag{Name: "batch"}),
	}}}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"flags after the command", []string{"c", "simulate", "--policy", "p.json", "-o", "json"},
			[]string{"c", "simulate", "--policy", "p.json", "-o", "json"}},
		{"shared flag before the command", []string{"c", "-o", "json", "simulate", "--policy", "p.json"},
			[]string{"c", "simulate", "-o", "json", "--policy", "p.json"}},
		{"command flag before the command", []string{"c", "--policy", "p.json", "sim", "-q"},
			[]string{"c", "sim", "--policy", "p.json", "-q"}},
		{"help before the command is the command's", []string{"c", "--help", "simulate"}, []string{"c", "simulate", "--help"}},
		{"version stays with the app", []string{"c", "--version", "simulate"}, []string{"c", "--version", "simulate"}},
		{"positional after the command stays last", []string{"c", "simulate", "x", "--batch"}, []string{"c", "simulate", "--batch", "x"}},
		{"no command: as without commands", []string{"c", "x", "-o", "json"}, []string{"c", "-o", "json", "x"}},
		{"double dash before a command name", []string{"c", "-o", "json", "--", "simulate"}, []string{"c", "-o", "json", "--", "simulate"}},
		{"double dash after the command", []string{"c", "simulate", "x", "--", "-y", "-q"}, []string{"c", "simulate", "--", "x", "-y", "-q"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, flagsFirst(app, tt.args)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
