package ssocache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCacheKeyIsSHA1Hex(t *testing.T) {
	// Value from: printf %s my-sso | sha1sum
	if got := Key("my-sso"); got != "0ad374308c5a4e22f723adf10145eafad7c4031c" {
		t.Errorf("Key = %q", got)
	}
}

func TestReadToken(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	at := func(s string) *time.Time { t, _ := time.Parse(time.RFC3339, s); return &t }
	tests := []struct {
		name, body string
		want       State
	}{
		{"valid", `{"accessToken":"SECRET","expiresAt":"2026-11-21T23:59:59Z"}`,
			State{Status: Valid, ExpiresAt: at("2026-11-21T23:59:59Z")}},
		{"valid with UTC suffix", `{"accessToken":"SECRET","expiresAt":"2026-11-21T23:59:59UTC"}`,
			State{Status: Valid, ExpiresAt: at("2026-11-21T23:59:59Z")}},
		{"valid with offset", `{"accessToken":"SECRET","expiresAt":"2026-11-21T14:00:00+01:00"}`,
			State{Status: Valid, ExpiresAt: at("2026-11-21T13:00:00Z")}},
		{"expired", `{"accessToken":"SECRET","expiresAt":"2026-11-21T11:59:59Z"}`,
			State{Status: Expired, ExpiresAt: at("2026-11-21T11:59:59Z")}},
		{"expired at the exact instant", `{"accessToken":"SECRET","expiresAt":"2026-11-21T12:00:00Z"}`,
			State{Status: Expired, ExpiresAt: at("2026-11-21T12:00:00Z")}},
		{"expired but refreshable", `{"accessToken":"S","expiresAt":"2026-11-20T00:00:00Z","refreshToken":"R","clientId":"c","clientSecret":"s","registrationExpiresAt":"2027-01-01T00:00:00Z"}`,
			State{Status: Expired, ExpiresAt: at("2026-11-20T00:00:00Z"), Refreshable: true}},
		{"expired, registration expired too", `{"accessToken":"S","expiresAt":"2026-11-20T00:00:00Z","refreshToken":"R","clientId":"c","clientSecret":"s","registrationExpiresAt":"2026-11-01T00:00:00Z"}`,
			State{Status: Expired, ExpiresAt: at("2026-11-20T00:00:00Z")}},
		{"malformed JSON", `{"accessToken":`, State{Status: Missing, Problem: "is not valid JSON"}},
		{"client registration is not a token", `{"clientId":"c","clientSecret":"s","expiresAt":"2027-01-01T00:00:00Z"}`,
			State{Status: Missing, Problem: "holds no accessToken and expiresAt"}},
		{"bad time", `{"accessToken":"S","expiresAt":"tomorrow"}`, State{Status: Missing, Problem: `expiresAt "tomorrow" is not a time`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, Key("s")+".json"), []byte(tt.body), 0o600); err != nil {
				t.Fatal(err)
			}
			got := Read(dir, Key("s"), now)
			if got.File != filepath.Join(dir, Key("s")+".json") {
				t.Errorf("File = %q", got.File)
			}
			if !strings.Contains(got.Problem, tt.want.Problem) || (tt.want.Problem == "") != (got.Problem == "") {
				t.Errorf("Problem = %q, want it to contain %q", got.Problem, tt.want.Problem)
			}
			got.File, got.Problem, tt.want.Problem = "", "", ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			if strings.Contains(got.Problem, "SECRET") {
				t.Errorf("problem leaks the token")
			}
		})
	}
	if got := Read(t.TempDir(), Key("none"), now); got.Status != Missing || got.Problem != "" {
		t.Errorf("no file: got %+v, want missing without a problem", got)
	}
}
