package awsconfig

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary bytes as both files: parsing must never panic,
// a failure must be a ParseError inside the file, and every profile must be
// reachable by name.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[default]\nregion = us-east-1\n",
		"[profile \"a b\"]\nsso_session = s\n[sso-session s]\nsso_start_url = https://x\n",
		"[a]\ns3 =\n  addressing_style = path\n\n  x = y\n",
		"[DEFAULT]\nk = v\n[profile x]\n  [profile y]\n",
		"\r\n[a]\r= v\n",
		"[profile 'x]\n[profile a\\]\n",
	} {
		f.Add([]byte(s), []byte("[default]\naws_access_key_id = AKIA\n"))
	}
	f.Fuzz(func(t *testing.T, config, creds []byte) {
		files, err := Parse("config", config, "credentials", creds)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			lines := 1 + strings.Count(string(config), "\n") + strings.Count(string(config), "\r")
			if pe.File == "credentials" {
				lines = 1 + strings.Count(string(creds), "\n") + strings.Count(string(creds), "\r")
			}
			if pe.Line < 1 || pe.Line > lines {
				t.Fatalf("error line %d outside 1..%d: %v", pe.Line, lines, err)
			}
			return
		}
		for _, p := range files.Profiles() {
			if got, ok := files.Profile(p.Name); !ok || got != p {
				t.Fatalf("profile %q not found by name", p.Name)
			}
		}
	})
}

// FuzzHeaderName holds the allocation-free header path to shlex's answer.
func FuzzHeaderName(f *testing.F) {
	for _, s := range []string{"profile a", "profile  a  ", "profile a b", "profile", "profile\ta", "profile \"a b\"", "sso-session x\\ y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		name, ok := plainHeaderName(h)
		if !ok {
			return
		}
		parts, err := shlexSplit(h)
		if err != nil || len(parts) != 2 || parts[1] != name {
			t.Fatalf("plainHeaderName(%q) = %q, shlex gives %q, %v", h, name, parts, err)
		}
	})
}

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
		st, token := judgeToken(TokenState{Status: TokenMissing, File: "/c/x.json"}, data, now)
		if token != "" && st.Status != TokenValid {
			t.Fatalf("access token handed out for a %s token", st.Status)
		}
		if st.Status == TokenValid && (st.ExpiresAt == nil || !now.Before(*st.ExpiresAt)) {
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
