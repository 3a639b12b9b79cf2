package readiness

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseProxyCommand(t *testing.T) {
	tests := []struct {
		name string
		cmd  string
		want StartSession
		ok   bool
	}{
		{"a ProxyCommand with profile and region", `sh -c "aws ssm start-session --target %h --region eu-west-2 --profile discovery-access --document-name AWS-StartSSHSession --parameters 'portNumber=22'"`,
			StartSession{Profile: "discovery-access", Region: "eu-west-2", Target: "%h", Document: "AWS-StartSSHSession"}, true},
		{"plain, = form", `aws --profile=cast-dev-admin ssm start-session --target=%h --document-name AWS-StartSSHSession --parameters portNumber=%p`,
			StartSession{Profile: "cast-dev-admin", Target: "%h", Document: "AWS-StartSSHSession"}, true},
		{"environment before it", `env AWS_PROFILE=prod AWS_DEFAULT_REGION=us-east-1 aws ssm start-session --target %h`,
			StartSession{Profile: "prod", Region: "us-east-1", Target: "%h"}, true},
		{"exec and a full path", `exec /usr/local/bin/aws ssm start-session --target %h --profile x`,
			StartSession{Profile: "x", Target: "%h"}, true},
		{"PowerShell", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe "aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p"`,
			StartSession{Target: "%h", Document: "AWS-StartSSHSession"}, true},
		{"not a session", `ssh -W %h:%p bastion`, StartSession{}, false},
		{"another aws command", `aws ec2-instance-connect open-tunnel --instance-id %h`, StartSession{}, false},
		{"bad quoting still read", `sh -c "aws ssm start-session --target %h --profile p`, StartSession{Profile: "p", Target: "%h"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseProxyCommand(tt.cmd)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
