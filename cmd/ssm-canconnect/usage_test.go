package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/output"
)

// offlineDeps never reach AWS: an unreachable endpoint and an empty HOME.
func offlineDeps(t *testing.T) deps {
	home := t.TempDir()
	env := map[string]string{"HOME": home, "AWS_CONFIG_FILE": home + "/config", "AWS_SHARED_CREDENTIALS_FILE": home + "/credentials"}
	return deps{env: func(k string) string { return env[k] }, home: func() (string, error) { return home, nil },
		now:      func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) },
		lookPath: func(string) (string, error) { return "", errors.New("not found") },
		loader: func(where paths.Paths, region string) *awsclient.Loader {
			return awsclient.New(awsclient.Options{ConfigFiles: []string{where.ConfigFile}, CredentialsFiles: []string{where.CredentialsFile}})
		}}
}

func run(t *testing.T, d deps, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cmdutil.RunContext(context.Background(), newAppWith(d), append([]string{"ssm-canconnect"}, args...),
		output.Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

// Bad usage is exit 2 with one error line, before any call.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "name a target"},
		{[]string{"web-01"}, `target "web-01" is not an instance id`},
		{[]string{"--list", "i-0123456789abcdef0"}, "name no targets with it"},
		{[]string{"--session", "telnet", "i-0123456789abcdef0"}, `unknown session kind "telnet"`},
		{[]string{"--session", "ssh", "--document", "X", "i-0123456789abcdef0"}, "not both"},
		{[]string{"--as-role", "arn:aws:iam::111122223333:user/bob", "i-0123456789abcdef0"}, "--as-role needs an IAM role ARN"},
		{[]string{"--principal-tag", "novalue", "i-0123456789abcdef0"}, "--principal-tag wants KEY=VALUE"},
		{[]string{"--preflight", "i-0123456789abcdef0", "i-0123456789abcdef1"}, "--preflight checks one target"},
		{[]string{"-o", "xml", "i-0123456789abcdef0"}, "unknown output format"},
		{[]string{"ssh-config", "--shell", "fish"}, `unknown --shell "fish"`},
		{[]string{"ssh-config", "--profile", "nope"}, "no profile nope"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, offlineDeps(t), tt.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// A missing session-manager-plugin fails the pre-flight offline, in one line.
func TestPreflightNeedsThePlugin(t *testing.T) {
	code, out, errOut := run(t, offlineDeps(t), "--preflight", "i-0123456789abcdef0")
	if code != 1 || out != "" || !strings.Contains(errOut, "session-manager-plugin is not on PATH") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestSSHConfigPrintsTheBlock(t *testing.T) {
	code, out, errOut := run(t, offlineDeps(t), "ssh-config", "--region", "eu-west-1")
	if code != 0 || errOut != "" || !strings.Contains(out, "Host i-* mi-*\n    ProxyCommand sh -c 'ssm-canconnect --preflight --session ssh --region eu-west-1 \"$1\" && exec aws ssm start-session --region eu-west-1") {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
}
