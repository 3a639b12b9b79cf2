package awsconfig

import (
	"errors"
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/awsconfig/ini"
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
			var pe *ini.ParseError
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
