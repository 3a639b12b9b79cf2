package record

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/exitcode"
)

func TestEachReadsNDJSONAndIndentedJSON(t *testing.T) {
	in := `{"kind":"Profile","apiVersion":"ssmkit/v1","name":"a"}
{"kind":"Identity","apiVersion":"ssmkit/v1","profile":"b"}

{
  "kind": "Profile",
  "name": "c"
}
`
	raws, err := ReadAll(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Kind string
		Line int
		Name string
	}
	var gots []got
	for _, r := range raws {
		var v struct {
			Name    string `json:"name"`
			Profile string `json:"profile"`
		}
		if err := r.Decode(&v); err != nil {
			t.Fatal(err)
		}
		gots = append(gots, got{r.Kind, r.Line, v.Name + v.Profile})
	}
	want := []got{{"Profile", 1, "a"}, {"Identity", 2, "b"}, {"Profile", 4, "c"}}
	if d := cmp.Diff(want, gots); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
}

func TestEachRejectsBadInputWithLineAndExit2(t *testing.T) {
	tests := []struct {
		name, in, wantMsg string
	}{
		{"garbage", "{\"kind\":\"Profile\"}\nhello world\n", "stdin line 2: not a JSON record"},
		{"array", "[1,2]\n", "stdin line 1: expected a JSON object"},
		{"no kind", "\n\n{\"name\":\"x\"}\n", "stdin line 3: record has no \"kind\""},
		{"truncated", "{\"kind\":\"Profile\",", "not a JSON record"},
		{"scalar", "42", "expected a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadAll(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
			if code := exitcode.Of(err); code != exitcode.Usage {
				t.Errorf("exit code %d, want %d", code, exitcode.Usage)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error must be one line: %q", err)
			}
		})
	}
}

func TestEmptyInputIsNoRecords(t *testing.T) {
	raws, err := ReadAll(strings.NewReader("  \n\n"))
	if err != nil || len(raws) != 0 {
		t.Fatalf("got %v, %v; want no records, no error", raws, err)
	}
}

func FuzzEach(f *testing.F) {
	for _, s := range []string{
		`{"kind":"Profile","name":"a"}`,
		"{\"kind\":\"Identity\"}\n{\"kind\":\"X\"}",
		"[]", "{", "\x00", `{"kind":1}`, "{}\n{}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		err := Each(strings.NewReader(in), func(r Raw) error {
			if r.Kind == "" || r.Line < 1 {
				t.Fatalf("bad record %+v", r)
			}
			return nil
		})
		if err != nil && exitcode.Of(err) != exitcode.Usage {
			t.Fatalf("error with code %d: %v", exitcode.Of(err), err)
		}
	})
}

func TestErrorsNeverQuoteTheInput(t *testing.T) {
	secret := "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	for _, in := range []string{
		`"aws_secret_access_key = ` + secret + `"`,
		"aws_secret_access_key = " + secret,
		`["` + secret + `"]`,
	} {
		_, err := ReadAll(strings.NewReader(in))
		if err == nil {
			t.Fatalf("%q: want an error", in)
		}
		if strings.Contains(err.Error(), secret[:8]) {
			t.Errorf("error quotes the input: %v", err)
		}
	}
}

// endless is `{"kind":"Profile","name":"aaaa…` that never ends, counting what was read.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	head := `{"kind":"Profile","name":"`
	for i := range p {
		if e.n+int64(i) < int64(len(head)) {
			p[i] = head[e.n+int64(i)]
		} else {
			p[i] = 'a'
		}
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestEndlessRecordStopsWithoutBufferingIt(t *testing.T) {
	src := &endless{}
	err := Each(src, func(Raw) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "record larger than") {
		t.Fatalf("err = %v, want a record-too-large usage error", err)
	}
	if src.n > 2*maxRecord {
		t.Errorf("read %d bytes of one record before giving up; the bound is %d", src.n, maxRecord)
	}
}
