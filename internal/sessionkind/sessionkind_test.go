package sessionkind

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    Kind
		wantDoc string
		wantErr bool
	}{
		{"shell", Shell, "SSM-SessionManagerRunShell", false},
		{"SSH", SSH, "AWS-StartSSHSession", false},
		{"port-forward", PortForward, "AWS-StartPortForwardingSession", false},
		{"remote-port-forward", RemotePortForward, "AWS-StartPortForwardingSessionToRemoteHost", false},
		{"rdp", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want || got.Document() != tt.wantDoc {
				t.Errorf("Parse(%q) = %q (document %q), %v; want %q (%q), error %v", tt.in, got, got.Document(), err, tt.want, tt.wantDoc, tt.wantErr)
			}
		})
	}
}

func TestAllAndNames(t *testing.T) {
	if d := cmp.Diff([]Kind{Shell, SSH, PortForward, RemotePortForward}, All()); d != "" {
		t.Errorf("All (-want +got):\n%s", d)
	}
	if got := Names("|"); got != "shell|ssh|port-forward|remote-port-forward" {
		t.Errorf("Names = %q", got)
	}
	for _, k := range All() {
		if k.About() == "" {
			t.Errorf("%s has no description", k)
		}
	}
	if _, err := Parse("rdp"); err == nil || err.Error() != `unknown session kind "rdp": use one of shell, ssh, port-forward, remote-port-forward` {
		t.Errorf("Parse(rdp) error = %v", err)
	}
}
