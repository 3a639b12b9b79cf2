package readiness

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/sshconfig"
)

// fakePrograms is a PATH holding the given programs and what each prints.
type fakePrograms map[string]string

func (f fakePrograms) LookPath(name string) (string, error) {
	if _, ok := f[name]; ok {
		return "/fake/bin/" + name, nil
	}
	return "", errors.New("not found")
}

func (f fakePrograms) Output(_ context.Context, path string, _ ...string) ([]byte, error) {
	out := f[strings.TrimPrefix(path, "/fake/bin/")]
	if out == "FAIL" {
		return nil, errors.New("exit status 1")
	}
	return []byte(out), nil
}

func TestLocalTools(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		progs fakePrograms
		want  map[string]Status
	}{
		{"all current", fakePrograms{"aws": "aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.debian.12\n",
			"session-manager-plugin": "1.2.896.0\n", "ssh": "OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024\n"},
			map[string]Status{"local.aws-cli": Pass, "local.session-manager-plugin": Pass, "local.ssh": Pass}},
		{"old plugin and CLI v1 too old", fakePrograms{"aws": "aws-cli/1.16.1 Python/2.7.18 Linux/5.4 botocore/1.12.1\n",
			"session-manager-plugin": "1.2.707.0\n", "ssh": "OpenSSH_8.9p1"},
			map[string]Status{"local.aws-cli": Fail, "local.session-manager-plugin": Fail, "local.ssh": Pass}},
		{"nothing installed", fakePrograms{},
			map[string]Status{"local.aws-cli": Fail, "local.session-manager-plugin": Fail, "local.ssh": Warn}},
		{"garbage versions", fakePrograms{"aws": "command not found", "session-manager-plugin": "FAIL", "ssh": "weird"},
			map[string]Status{"local.aws-cli": Unknown, "local.session-manager-plugin": Unknown, "local.ssh": Pass}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]Status{}
			for _, c := range []Check{CheckAWSCLI(ctx, tt.progs), CheckPlugin(ctx, tt.progs), CheckSSH(ctx, tt.progs)} {
				got[c.ID] = c.Status
				if c.Status == Fail && len(c.Fixes) == 0 {
					t.Errorf("%s fails without a fix", c.ID)
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestCheckSSHConfig(t *testing.T) {
	host := func(pattern, proxy string) sshconfig.Host {
		return sshconfig.Host{Patterns: []string{pattern}, File: "/home/u/.ssh/config", Line: 3,
			Options: map[string][]string{"proxycommand": {proxy}}}
	}
	lookup := func(name string) ProfileState {
		switch name {
		case "cast-dev-admin":
			return ProfileState{Exists: true, LoggedIn: true, Account: "925774240130", Region: "eu-west-1"}
		case "cast-identity":
			return ProfileState{Exists: true, Fix: "aws sso login --profile cast-identity", Region: "eu-west-1"}
		case "noregion":
			return ProfileState{Exists: true, LoggedIn: true}
		}
		return ProfileState{}
	}
	tests := []struct {
		name   string
		hosts  []sshconfig.Host
		status Status
		fixes  []string
	}{
		{"seed's ProxyCommand", []sshconfig.Host{host("i-*", `sh -c "aws ssm start-session --profile cast-dev-admin --target %h"`)}, Pass, nil},
		{"a profile that does not exist", []sshconfig.Host{host("jumphost-ssm", `aws ssm start-session --target %h --profile eoe-hie`)},
			Fail, []string{"change --profile in config:3 to a profile that reaches the target's account (ssm-profiles lists them)"}},
		{"expired login", []sshconfig.Host{host("i-*", `aws ssm start-session --target %h --profile cast-identity`)},
			Fail, []string{"aws sso login --profile cast-identity"}},
		{"no region anywhere", []sshconfig.Host{host("i-*", `aws ssm start-session --target %h --profile noregion`)},
			Warn, []string{"add --region REGION to the ProxyCommand in config:3"}},
		{"no ProxyCommand hosts", []sshconfig.Host{host("bastion", "ssh -W %h:%p jump")}, Skip, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := CheckSSHConfig(tt.hosts, lookup)
			if c.Status != tt.status {
				t.Errorf("status %s (%s), want %s", c.Status, c.Reason, tt.status)
			}
			if d := cmp.Diff(tt.fixes, fixLines(c.Fixes)); d != "" {
				t.Errorf("fixes (-want +got):\n%s", d)
			}
		})
	}
}
