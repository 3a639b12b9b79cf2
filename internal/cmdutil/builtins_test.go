package cmdutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

func TestCompletionCommand(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantOut    string
		wantStderr string
	}{
		{"bash", []string{"completion", "bash"}, 0, "complete -o default -F __start_ssm-test ssm-test", ""},
		{"fish", []string{"completion", "fish"}, 0, "complete -c ssm-test", ""},
		{"no shell", []string{"completion"}, 2, "", "error: completion takes one shell: bash, zsh, fish, powershell (see --help)\n"},
		{"unknown shell", []string{"completion", "tcsh"}, 2, "", "error: unknown shell \"tcsh\": use one of bash, zsh, fish, powershell (see --help)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, testApp(func(*cli.Context) error { return nil }), tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout, tt.wantOut) || stderr != tt.wantStderr {
				t.Errorf("exit %d, stdout %.200q, stderr %q; want exit %d, stdout with %q, stderr %q",
					code, stdout, stderr, tt.wantCode, tt.wantOut, tt.wantStderr)
			}
		})
	}
}

func TestManCommand(t *testing.T) {
	code, stdout, stderr := run(t, testApp(func(*cli.Context) error { return nil }), "man")
	if code != 0 || !strings.Contains(stdout, ".TH ssm-test 1") || !strings.Contains(stdout, ".SH OPTIONS") || stderr != "" {
		t.Errorf("exit %d, stderr %q, stdout:\n%.400s", code, stderr, stdout)
	}
}

// The scripts call "__complete WORDS... CURRENT"; the answer is the
// candidates and the directive, whatever the words hold.
func TestCompletionRequest(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"flag names", []string{"__complete", "--o"}, "--output\toutput format: " + "table|wide|json|ndjson|yaml|name|markdown (default: table on a terminal, ndjson otherwise)\n:4\n"},
		{"-o values, no descriptions", []string{"__completeNoDesc", "-o", "y"}, "yaml\n:4\n"},
		{"the completion command's shells", []string{"__complete", "completion", ""}, "bash\nzsh\nfish\npowershell\n:4\n"},
		{"an unfinished flag is no error", []string{"__complete", "--bogus=", ""}, "completion\tprint the shell completion script: bash|zsh|fish|powershell\n:4\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, testApp(func(*cli.Context) error { t.Error("the action ran"); return nil }), tt.args...)
			if d := cmp.Diff(tt.want, stdout); d != "" || code != 0 || stderr != "" {
				t.Errorf("exit %d, stderr %q, stdout (-want +got):\n%s", code, stderr, d)
			}
		})
	}
}

// Profile names come from the config the environment names, as for the
// tools themselves (no t.Parallel: t.Setenv).
func TestCompletionRequestReadsTheLocalConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	if err := os.WriteFile(cfg, []byte("[profile dev]\nregion = eu-west-1\n[profile prod]\nregion = us-east-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "missing"))
	app := testApp(func(*cli.Context) error { return nil })
	app.Flags = append(app.Flags, &cli.StringFlag{Name: "profile"})
	_, stdout, _ := run(t, app, "__completeNoDesc", "--profile", "")
	if d := cmp.Diff("dev\nprod\n:4\n", stdout); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// After "--" every word is an argument: a profile called "completion" is
// not the completion command.
func TestDoubleDashNamesNoCommand(t *testing.T) {
	var got []string
	app := testApp(func(c *cli.Context) error { got = c.Args().Slice(); return nil })
	code, stdout, stderr := run(t, app, "--", "completion", "bash")
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %.100q, stderr %q", code, stdout, stderr)
	}
	if d := cmp.Diff([]string{"completion", "bash"}, got); d != "" {
		t.Errorf("arguments (-want +got):\n%s", d)
	}
	code, stdout, _ = run(t, app, "completion", "bash")
	if code != 0 || !strings.Contains(stdout, "__complete") {
		t.Errorf("without --, completion is the command: exit %d", code)
	}
}

// A tool that works without a command says so in its usage, and lists the
// commands it has besides.
func TestUsageLines(t *testing.T) {
	app := testApp(func(*cli.Context) error { return nil })
	app.ArgsUsage = "[PROFILE...]"
	app.Commands = []*cli.Command{{Name: "aliases", Usage: "print aliases", Action: func(*cli.Context) error { return nil }}}
	_, stdout, _ := run(t, app, "--help")
	want := "USAGE:\n   ssm-test [global options] [PROFILE...]\n   ssm-test aliases\n   ssm-test completion bash|zsh|fish|powershell\n"
	if !strings.Contains(stdout, want) {
		t.Errorf("help lacks\n%s\ngot:\n%s", want, stdout)
	}
}
