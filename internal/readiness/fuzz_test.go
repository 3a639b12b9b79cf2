package readiness

import (
	"strings"
	"testing"
)

// FuzzParseProxyCommand feeds arbitrary ProxyCommand lines: never a panic,
// and a session is only reported when the text names start-session.
func FuzzParseProxyCommand(f *testing.F) {
	f.Add(`sh -c "aws ssm start-session --target %h --profile p --region eu-west-1"`)
	f.Add(`env AWS_PROFILE=x aws --profile=y ssm start-session --target=%h`)
	f.Add(`powershell.exe "aws ssm start-session --target %h"`)
	f.Add(`sh -c 'sh -c "sh -c \"aws ssm start-session\""'`)
	f.Fuzz(func(t *testing.T, cmd string) {
		s, ok := ParseProxyCommand(cmd)
		if ok && !strings.Contains(cmd, "start-session") {
			t.Fatalf("%q reported as a session: %+v", cmd, s)
		}
	})
}
