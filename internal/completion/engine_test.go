package completion

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

// fixture is shaped like the ssmkit tools: app flags, a command with its own
// flags (a FILE flag, a repeatable one), positional profile arguments.
func fixture() *cli.App {
	app := &cli.App{
		Name: "tool",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output format"},
			&cli.StringFlag{Name: "profile", Usage: "profile to use"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing"},
			&cli.StringSliceFlag{Name: "account", Usage: "account (repeatable)"},
			&cli.StringFlag{Name: "secret", Hidden: true},
			&cli.DurationFlag{Name: "timeout", Usage: "give up after this long"},
		},
		Commands: []*cli.Command{
			{Name: "simulate", Aliases: []string{"sim"}, Usage: "decide offline", Flags: []cli.Flag{
				&cli.StringSliceFlag{Name: "policy", Usage: "policy `FILE` (repeatable)"},
				&cli.StringFlag{Name: "session", Usage: "session kind"},
				&cli.StringFlag{Name: "principal", Usage: "caller `ARN`"},
			}},
			{Name: "hidden-cmd", Hidden: true},
		},
	}
	ArgsLike(app, "", "profile", 0)
	return app
}

func shared() map[string]Source {
	return map[string]Source{
		"profile": Static(Candidate{"dev", "111122223333 Admin"}, Candidate{"prod", "444455556666 ReadOnly"}),
		"output":  Static(Candidate{"json", ""}, Candidate{"table", ""}),
		"session": Static(Candidate{"shell", ""}, Candidate{"ssh", ""}),
	}
}

func values(r Result) []string {
	var out []string
	for _, c := range r.Candidates {
		out = append(out, c.Value)
	}
	return out
}

func TestComplete(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		want      []string
		directive Directive
	}{
		{"first word: commands and profiles", []string{""}, []string{"simulate", "dev", "prod"}, NoFiles},
		{"first word with a prefix", []string{"si"}, []string{"simulate"}, NoFiles},
		{"nothing typed at all", nil, []string{"simulate", "dev", "prod"}, NoFiles},
		{"second profile: no commands", []string{"dev", ""}, []string{"dev", "prod"}, NoFiles},
		{"profile flag value", []string{"--profile", ""}, []string{"dev", "prod"}, NoFiles},
		{"profile flag value with a prefix", []string{"--profile", "pr"}, []string{"prod"}, NoFiles},
		{"--flag=value: the value alone", []string{"--output=j"}, []string{"json"}, NoFiles},
		{"-o=value", []string{"-o=t"}, []string{"table"}, NoFiles},
		{"short flag value", []string{"-o", ""}, []string{"json", "table"}, NoFiles},
		{"combined short flags: the last takes the value", []string{"-qo", ""}, []string{"json", "table"}, NoFiles},
		{"value given: back to arguments", []string{"--output", "json", ""}, []string{"simulate", "dev", "prod"}, NoFiles},
		{"a value without a source: nothing, no files", []string{"--timeout", ""}, nil, NoFiles},
		{"flags after a profile (the one flag rule)", []string{"dev", "--prof"}, []string{"--profile"}, NoFiles},
		{"flag names, not the hidden one", []string{"--"}, []string{"--output", "--profile", "--quiet", "--account", "--timeout", "--help", "--version"}, NoFiles},
		{"no visible flag starts so", []string{"--s"}, nil, NoFiles},
		{"a given flag is not offered again", []string{"--quiet", "--q"}, nil, NoFiles},
		{"a repeatable flag is", []string{"--account", "1", "--acc"}, []string{"--account"}, NoFiles},
		{"single dash: short and long", []string{"-"}, []string{"--output", "-o", "--profile", "--quiet", "-q", "--account", "--timeout", "--help", "-h", "--version", "-v"}, NoFiles},
		{"command flags", []string{"simulate", "--p"}, []string{"--policy", "--principal"}, NoFiles},
		{"command alias", []string{"sim", "--s"}, []string{"--session"}, NoFiles},
		{"command flag value from the shared sources", []string{"simulate", "--session", ""}, []string{"shell", "ssh"}, NoFiles},
		{"a FILE flag: the shell completes files", []string{"simulate", "--policy", ""}, nil, Files},
		{"a command's flag before its name", []string{"--policy", "p.json", "simulate", "--session", "s"}, []string{"shell", "ssh"}, NoFiles},
		{"command arguments: none declared", []string{"simulate", ""}, nil, NoFiles},
		{"after --: arguments only, never commands", []string{"--", ""}, []string{"dev", "prod"}, NoFiles},
		{"after --: a dash word is an argument", []string{"--", "-"}, nil, NoFiles},
		{"an unknown flag is passed over", []string{"--bogus", ""}, []string{"simulate", "dev", "prod"}, NoFiles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Complete(fixture(), shared(), tt.args)
			if d := cmp.Diff(tt.want, values(got)); d != "" {
				t.Errorf("candidates (-want +got):\n%s", d)
			}
			if got.Directive != tt.directive {
				t.Errorf("directive %d, want %d", got.Directive, tt.directive)
			}
		})
	}
}

func TestCompleteAppSourcesAndArgLimit(t *testing.T) {
	app := fixture()
	SetValues(app, "profile", Static(Candidate{Value: "only-mine"}))
	ArgsLike(app, "simulate", "session", 1)
	if d := cmp.Diff([]string{"only-mine"}, values(Complete(app, shared(), []string{"--profile", ""}))); d != "" {
		t.Errorf("the app's own source must win (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"shell", "ssh"}, values(Complete(app, shared(), []string{"simulate", ""}))); d != "" {
		t.Errorf("first argument (-want +got):\n%s", d)
	}
	if got := values(Complete(app, shared(), []string{"simulate", "shell", ""})); got != nil {
		t.Errorf("past the last argument: got %v, want nothing", got)
	}
}

func TestCompleteDescriptions(t *testing.T) {
	got := Complete(fixture(), shared(), []string{"--pro"})
	want := []Candidate{{"--profile", "profile to use"}}
	if d := cmp.Diff(want, got.Candidates); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	got = Complete(fixture(), shared(), []string{"simulate", "--pol"})
	if d := cmp.Diff([]Candidate{{"--policy", "policy FILE (repeatable)"}}, got.Candidates); d != "" {
		t.Errorf("placeholder quotes must go (-want +got):\n%s", d)
	}
}

func TestResultWrite(t *testing.T) {
	r := Result{Candidates: []Candidate{{"dev", "111122223333 Admin"}, {"odd\tname\nx", "two\nlines"}, {"bare", ""}}, Directive: NoFiles}
	var with, without bytes.Buffer
	if err := r.Write(&with, true); err != nil {
		t.Fatal(err)
	}
	_ = r.Write(&without, false)
	if d := cmp.Diff("dev\t111122223333 Admin\nodd name\ttwo\nbare\n:4\n", with.String()); d != "" {
		t.Errorf("with descriptions (-want +got):\n%s", d)
	}
	if d := cmp.Diff("dev\nodd name\nbare\n:4\n", without.String()); d != "" {
		t.Errorf("without descriptions (-want +got):\n%s", d)
	}
}
