package cmdutil

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

func TestFlagsFirst(t *testing.T) {
	flags := append(OutputFlags(), QuietFlag(),
		&cli.StringSliceFlag{Name: "account"}, &cli.BoolFlag{Name: "logged-in"})
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
		{"double dash ends flags", []string{"p", "a", "--", "-b", "-o"}, []string{"p", "a", "--", "-b", "-o"}},
		{"unknown flag kept for urfave", []string{"p", "a", "--bogus", "b"}, []string{"p", "--bogus", "a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, flagsFirst(flags, tt.args)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
