package readiness

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/sshconfig"
)

// TestParseRenderedProxyCommand reads back what ssm-canconnect ssh-config
// prints, for sh and for Windows OpenSSH (--shell powershell): the
// readiness check of this machine must find the same profile, region and
// document in either, so a Windows user's block is judged like a Unix one's.
func TestParseRenderedProxyCommand(t *testing.T) {
	for _, shell := range []string{sshconfig.ShellPOSIX, sshconfig.ShellPowerShell} {
		t.Run(shell, func(t *testing.T) {
			block, err := sshconfig.Render(sshconfig.Options{Profile: "cast-dev-admin", Region: "eu-west-1", Shell: shell})
			if err != nil {
				t.Fatal(err)
			}
			var proxy string
			for _, l := range strings.Split(block, "\n") {
				if p, ok := strings.CutPrefix(strings.TrimSpace(l), "ProxyCommand "); ok {
					proxy = p
				}
			}
			got, ok := ParseProxyCommand(proxy)
			if !ok {
				t.Fatalf("not read as a Session Manager ProxyCommand: %s", proxy)
			}
			want := StartSession{Profile: "cast-dev-admin", Region: "eu-west-1", Document: sshconfig.SSHDocument}
			got.Target = ""
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%s\n(-want +got):\n%s", proxy, d)
			}
		})
	}
}
