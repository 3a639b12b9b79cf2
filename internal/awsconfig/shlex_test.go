package awsconfig

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestShlexSplitMatchesPython(t *testing.T) {
	// Expected values printed by python3 -c 'import shlex; print(shlex.split(s))'.
	tests := map[string][]string{
		`profile a`:       {"profile", "a"},
		`profile "a b"`:   {"profile", "a b"},
		`profile 'x y'`:   {"profile", "x y"},
		`profile a\ b`:    {"profile", "a b"},
		`profile ""`:      {"profile", ""},
		`profile "a\"b"`:  {"profile", `a"b`},
		`profile "a\xb"`:  {"profile", `a\xb`},
		`profile a"b c"d`: {"profile", "ab cd"},
		"profile  a \t":   {"profile", "a"},
		`profile \'x`:     {"profile", "'x"},
		`profile a b`:     {"profile", "a", "b"},
		`profilex`:        {"profilex"},
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			got, err := shlexSplit(in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	for _, bad := range []string{`profile "a`, `profile 'a`, `profile a\`} {
		if _, err := shlexSplit(bad); err == nil {
			t.Errorf("%s: want an error like Python's ValueError", bad)
		}
	}
}
