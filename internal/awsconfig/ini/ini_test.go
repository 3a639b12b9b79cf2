package ini

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// flat renders a parsed file as header -> key -> value for comparison.
func flat(f *File) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, s := range f.Sections {
		m := map[string]string{}
		for _, k := range s.Keys {
			m[k.Name] = k.Value
		}
		out[s.Header] = m
	}
	return out
}

func TestParseINIFollowsConfigparser(t *testing.T) {
	type m = map[string]map[string]string
	tests := []struct {
		name string
		in   string
		want m
	}{
		{"comments and blank lines", "# top\n; semi\n[default]\n  # indented comment\nregion = eu-west-1\n", m{"default": {"region": "eu-west-1"}}},
		{"inline comment stays in the value", "[default]\nregion = us-east-1 # prod\n", m{"default": {"region": "us-east-1 # prod"}}},
		{"colon delimiter and key case", "[a]\nRegion: eu-west-2\n", m{"a": {"region": "eu-west-2"}}},
		{"first delimiter wins", "[a]\nrole_arn = arn:aws:iam::1:role/x\n", m{"a": {"role_arn": "arn:aws:iam::1:role/x"}}},
		{"header keeps inner spaces, ignores trailer", "[profile  x ] ; c\n", m{"profile  x ": {}}},
		{"crlf and bare cr", "[a]\r\nk = v\r[b]\rk2 = w", m{"a": {"k": "v"}, "b": {"k2": "w"}}},
		{"indented line continues a value", "[a]\nk = one\n  two\n", m{"a": {"k": "one\ntwo"}}},
		{"indented header after a key is a continuation", "[a]\nk = v\n  [b]\n", m{"a": {"k": "v\n[b]"}}},
		{"blank line then indent still continues", "[a]\nk = v\n\n  x = y\n", m{"a": {"k": "v\n\nx = y"}}},
		{"nested block", "[a]\ns3 =\n  addressing_style = path\n  Max_Concurrent = 5\n", m{"a": {"s3": "\naddressing_style = path\nMax_Concurrent = 5"}}},
		{"DEFAULT fills other sections", "[DEFAULT]\nregion = x\n[a]\n[b]\nregion = y\n", m{"a": {"region": "x"}, "b": {"region": "y"}}},
		{"empty value", "[a]\nk =\n", m{"a": {"k": ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("config", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, flat(f)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestParseININestedKeys(t *testing.T) {
	f, err := Parse("config", []byte("[a]\ns3 =\n  addressing_style = path\n  # note\n  Max_Concurrent = 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"addressing_style": "path", "Max_Concurrent": "5"}
	if diff := cmp.Diff(want, f.Sections[0].Keys[0].Sub); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestParseINIRejectsWhatTheCLIRejects(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
	}{
		{"key before any section", "region = x\n[a]\n", 1},
		{"line without delimiter", "[a]\nk = v\njunk\n", 3},
		{"empty key", "[a]\n= v\n", 2},
		{"duplicate section", "[a]\n[b]\n[a]\n", 3},
		{"duplicate key", "[a]\nk = 1\nK = 2\n", 3},
		{"nested line without =", "[a]\ns3 =\n  junk\n", 2},
		{"byte-order mark", "\ufeff[a]\n", 1},
		{"invalid utf-8", "[a]\nk = \xff\n", 2},
		{"empty brackets", "[a]\n[]\n", 2},
		{"bad nested DEFAULT value read by a section", "[DEFAULT]\ns3 =\n  junk\n[a]\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("/home/u/.aws/config", []byte(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a ParseError", err)
			}
			if pe.Line != tt.line || pe.File != "/home/u/.aws/config" {
				t.Errorf("got %s:%d, want line %d", pe.File, pe.Line, tt.line)
			}
		})
	}
}

// A broken nested [DEFAULT] value is only an error once a section reads it,
// as botocore parses values section by section.
func TestParseINIDefaultWithoutSections(t *testing.T) {
	if _, err := Parse("credentials", []byte("[DEFAULT]\ns3 =\n  junk\n")); err != nil {
		t.Errorf("got %v, want no error: no section reads the value", err)
	}
}

// A stray line in these files is often a pasted secret: a parse error names
// the file and line and what is wrong, never the secret itself.
func TestParseErrorsNeverQuoteASecret(t *testing.T) {
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	const token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6=="
	tests := []struct {
		name, in string
		want     string
	}{
		{"secret before any section", "aws_secret_access_key = " + secret + "\n[default]\n",
			`credentials:1: setting "aws_secret_access_key" comes before any [section] header: put it under [default] or [profile NAME]`},
		{"token before any section", token + "\n[default]\n",
			"credentials:1: this line comes before any [section] header (its text is not shown: it may hold a secret)"},
		{"secret on a line of its own", "[default]\naws_access_key_id = AKIDEXAMPLE\n" + secret + "\n",
			"credentials:3: this line is not a `key = value` setting (its text is not shown: it may hold a secret)"},
		{"secret continued on an indented line", "[default]\naws_secret_access_key =\n  " + secret + "\n",
			`credentials:2: nested settings under "aws_secret_access_key": an indented line is not ` + "`key = value`" +
				" (its text is not shown: it may hold a secret)"},
		{"empty key", "[default]\n=" + secret + "\n", `credentials:2: this line starts with "=": a setting needs a key before it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("credentials", []byte(tt.in))
			if err == nil {
				t.Fatal("parsed without an error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
