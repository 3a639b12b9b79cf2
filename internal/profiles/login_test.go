package profiles

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoginCommand(t *testing.T) {
	for _, tt := range []struct {
		name, session, profile, want string
	}{
		{"sso-session wins", "corp", "dev-ssm", "aws sso login --sso-session corp"},
		{"legacy profile", "", "legacy", "aws sso login --profile legacy"},
		{"names are shell-quoted", "", "my profile", "aws sso login --profile 'my profile'"},
		{"default chain", "", "", "aws sso login"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, LoginCommand(tt.session, tt.profile)); diff != "" {
				t.Errorf("LoginCommand(%q, %q) (-want +got):\n%s", tt.session, tt.profile, diff)
			}
		})
	}
}
