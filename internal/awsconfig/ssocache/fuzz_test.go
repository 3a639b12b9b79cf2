package ssocache

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzJudgeToken feeds arbitrary cache-file bytes: never a panic, never
// the access token in a problem message (unless it also is the expiry
// text, which is shown), and "valid" only with an expiry after now.
func FuzzJudgeToken(f *testing.F) {
	f.Add([]byte(`{"accessToken":"SECRETTOKEN","expiresAt":"2026-11-21T23:59:59Z"}`))
	f.Add([]byte(`{"accessToken":"SECRETTOKEN","expiresAt":"2026-11-21T23:59:59UTC","refreshToken":"r","clientId":"c","clientSecret":"s"}`))
	f.Add([]byte(`{"clientId":"c","clientSecret":"s","expiresAt":"2027-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"accessToken":"SECRETTOKEN","expiresAt":"not a time"}`))
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		st, token := judgeToken(State{Status: Missing, File: "/c/x.json"}, data, now)
		if token != "" && st.Status != Valid {
			t.Fatalf("access token handed out for a %s token", st.Status)
		}
		if st.Status == Valid && (st.ExpiresAt == nil || !now.Before(*st.ExpiresAt)) {
			t.Fatalf("valid without a future expiry: %+v", st)
		}
		var c struct{ AccessToken, ExpiresAt any }
		if json.Unmarshal(data, &c) == nil {
			tok, _ := c.AccessToken.(string)
			exp, _ := c.ExpiresAt.(string)
			if len(tok) >= 6 && !strings.Contains(exp, tok) && !strings.Contains(st.File, tok) && strings.Contains(st.Problem, tok) {
				t.Fatalf("problem leaks the token: %q", st.Problem)
			}
		}
	})
}
