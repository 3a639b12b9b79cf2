package cmdutil

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/urfave/cli/v2"
)

func testApp(action cli.ActionFunc) *cli.App {
	app := NewApp("ssm-test", "test app", "")
	app.Flags = append(OutputFlags(), QuietFlag())
	app.Action = action
	return app
}

func run(t *testing.T, app *cli.App, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	code = RunContext(context.Background(), app, append([]string{"ssm-test"}, args...),
		output.Streams{In: strings.NewReader(""), Out: &out, Err: &errw})
	return code, out.String(), errw.String()
}

func TestRunMapsErrorsToOneLineAndCode(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		args     []string
		wantCode int
		wantErr  string
	}{
		{"success", nil, nil, 0, ""},
		{"coded error", exitcode.New(exitcode.Credentials, "token expired:\nrun aws sso login"), nil, 4,
			"error: token expired: run aws sso login\n"},
		{"silent", exitcode.Silent(exitcode.No), nil, 1, ""},
		{"uncoded is unknown", errors.New("dial tcp: refused"), nil, 3, "error: dial tcp: refused\n"},
		{"unknown flag", nil, []string{"--bogus"}, 2, "error: flag provided but not defined: -bogus (see --help)\n"},
		{"bad output format", nil, []string{"-o", "xml"}, 2, "error: unknown output format \"xml\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := testApp(func(c *cli.Context) error {
				if _, err := Printer(c); err != nil {
					return err
				}
				return tt.err
			})
			code, _, stderr := run(t, app, tt.args...)
			if code != tt.wantCode {
				t.Errorf("code %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if !strings.HasPrefix(stderr, tt.wantErr) || strings.Count(stderr, "\n") > 1 {
				t.Errorf("stderr %q, want one line starting %q", stderr, tt.wantErr)
			}
		})
	}
}

func TestNoColorFlag(t *testing.T) {
	var got bool
	app := testApp(func(c *cli.Context) error { got = Streams(c).Color; return nil })
	var out, errw bytes.Buffer
	RunContext(context.Background(), app, []string{"ssm-test", "--no-color"},
		output.Streams{Out: &out, Err: &errw, OutTTY: true, Color: true})
	if got {
		t.Error("--no-color must turn colour off")
	}
}

func TestInterruptedIs130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	app := testApp(func(c *cli.Context) error {
		cancel()
		<-c.Context.Done()
		return c.Context.Err()
	})
	var out, errw bytes.Buffer
	if code := RunContext(ctx, app, []string{"ssm-test"}, output.Streams{Out: &out, Err: &errw}); code != 130 {
		t.Errorf("code %d, want 130", code)
	}
}

func TestVersionFlag(t *testing.T) {
	code, stdout, _ := run(t, testApp(func(*cli.Context) error { return nil }), "--version")
	if code != 0 || !strings.HasPrefix(stdout, "ssm-test version ") {
		t.Errorf("--version: code %d, stdout %q", code, stdout)
	}
}
