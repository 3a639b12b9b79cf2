package ini

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// bigConfig is a config past parallelParseMin with every construct the
// parser knows, and a marker line the cases below replace.
func bigConfig(marker string) string {
	var b strings.Builder
	b.WriteString("# big\n[DEFAULT]\nregion = eu-west-1\n\n")
	for i := 0; b.Len() < parallelParseMin*3/2; i++ {
		fmt.Fprintf(&b, "[profile p%d]\nsso_session = s\nsso_account_id = %012d\n", i, i)
		if i%50 == 0 {
			b.WriteString("s3 =\n  addressing_style = path\n\n  max = 5\n")
		}
		if i%70 == 0 {
			b.WriteString("credential_process = /bin/echo\n  [profile swallowed]\n")
		}
		if i == 3000 {
			b.WriteString(marker)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func outcome(f *File, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, s := range f.Sections {
		fmt.Fprintf(&b, "[%s]@%d\n", s.Header, s.Line)
		for _, k := range s.Keys {
			fmt.Fprintf(&b, "%s=%q %v @%d\n", k.Name, k.Value, k.Sub, k.Line)
		}
	}
	for _, n := range f.Notes {
		fmt.Fprintf(&b, "%d [%s] %s\n", n.Line, n.Section, n.Msg)
	}
	return b.String()
}

// TestParallelParseEqualsSequential: the two-halves parse must give what
// the top-to-bottom parse gives, errors included.
func TestParallelParseEqualsSequential(t *testing.T) {
	cases := map[string]string{
		"clean":                        "",
		"duplicate section across":     "[profile p1]\nregion = x\n",
		"duplicate DEFAULT key across": "[DEFAULT]\nregion = us-east-1\n[profile after-default]\n",
		"second DEFAULT, new key":      "[DEFAULT]\noutput = json\n[profile after-default]\n",
		"error late in the file":       "junk line\n",
		"nested error late":            "[profile n]\nsub =\n  no equals here\n",
		"early error and late dup":     "[profile p2]\n",
	}
	for name, marker := range cases {
		t.Run(name, func(t *testing.T) {
			text := bigConfig(marker)
			if name == "early error and late dup" {
				text = strings.Replace(text, "[profile p5]\n", "[profile p5]\ngarbage\n", 1)
			}
			head, tail, ok := splitForParallel(text)
			if !ok || len(head) < len(text)/3 || !strings.HasPrefix(tail, "[profile ") {
				t.Fatalf("split at %d of %d, ok=%v", len(head), len(text), ok)
			}
			want := outcome(parseWhole("config", text))
			got := outcome(parseHalves("config", head, tail))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-whole +halves)\n%s", diff)
			}
		})
	}
}
