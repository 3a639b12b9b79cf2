package output

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDash(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", "-"},
		{"us-east-1", "us-east-1"},
		{" ", " "},
	} {
		t.Run(tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Dash(tt.in)); diff != "" {
				t.Errorf("Dash(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
