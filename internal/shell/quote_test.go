package shell

import (
	"os/exec"
	"strings"
	"testing"
)

func TestQuoteLeavesPlainWordsAlone(t *testing.T) {
	for _, s := range []string{"cast-dev-admin", "arn:aws:iam::111122223333:role/a/b", "Key=ssmaccess,Value=true", "a.b@c+d"} {
		if got := Quote(s); got != s {
			t.Errorf("Quote(%q) = %q, want it unquoted", s, got)
		}
	}
	if got := Quote(""); got != "''" {
		t.Errorf("Quote(\"\") = %q, want ''", got)
	}
}

// hostile are names a user might have, or an attacker might plant in a tag.
var hostile = []string{
	"it's", `$(touch pwned)`, "`touch pwned`", "a b", "new\nline", `back\slash`, `"dq"`, "semi;colon",
	"glob*?[x]", "~home", "#hash", "&amp", "|pipe", "'", "''", "-dash", "!bang", "$HOME", "tab\there", "ünï",
}

// Each quoted word, pasted into sh, is one argument equal to the original.
func TestQuoteRoundTripsThroughSh(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Fatal("sh is needed to prove the quoting")
	}
	for _, s := range hostile {
		out, err := exec.Command("sh", "-c", "printf '%s\\0' "+Join(s, "next")).Output()
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
		if len(got) != 2 || got[0] != s || got[1] != "next" {
			t.Errorf("sh read %q back as %q", s, got)
		}
	}
}

func FuzzQuote(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		if q == s {
			for _, r := range s {
				if !plain(r) {
					t.Fatalf("Quote left %q unquoted", s)
				}
			}
			return
		}
		if !strings.HasPrefix(q, "'") || !strings.HasSuffix(q, "'") {
			t.Fatalf("Quote(%q) = %q is not single-quoted", s, q)
		}
		// Undo the quoting as sh would: the result must be s.
		inner := strings.ReplaceAll(q[1:len(q)-1], `'\''`, "'")
		if inner != s {
			t.Fatalf("Quote(%q) = %q decodes to %q", s, q, inner)
		}
	})
}
