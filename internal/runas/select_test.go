package runas

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
)

func streams(stdin string, piped bool) (output.Streams, *bytes.Buffer) {
	var errb bytes.Buffer
	return output.Streams{In: strings.NewReader(stdin), Err: &errb, InPiped: piped}, &errb
}

func TestSelect(t *testing.T) {
	const piped = `{"kind":"Profile","apiVersion":"ssmkit/v1","name":"dev"}
{"kind":"Decision","apiVersion":"ssmkit/v1","id":"x"}
{"kind":"Identity","apiVersion":"ssmkit/v1","profile":"keys"}
{"kind":"Identity","apiVersion":"ssmkit/v1"}
`
	tests := []struct {
		name    string
		names   []string
		stdin   string
		piped   bool
		want    Selection
		wantErr string
	}{
		{"names on the command line", []string{"dev", "keys"}, "", false, Selection{Names: []string{"dev", "keys"}}, ""},
		{"a named profile wins over piped stdin", []string{"dev"}, piped, true, Selection{Names: []string{"dev"}}, ""},
		{"piped records", nil, piped, true, Selection{Names: []string{"dev", "keys"}, FromStdin: true}, ""},
		{"- adds stdin to the names", []string{"x", "-"}, piped, false, Selection{Names: []string{"x", "dev", "keys"}, FromStdin: true}, ""},
		{"nothing: the implicit profile", nil, "", false, Selection{}, ""},
		{"garbage on stdin", nil, "not json\n", true, Selection{}, "stdin line 1: not a JSON record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := streams(tt.stdin, tt.piped)
			got, err := Select(context.Background(), Args{Tool: "ssm-x", Names: tt.names}, s)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) || exitcode.Of(err) != exitcode.Usage {
					t.Fatalf("err = %v, want exit 2 starting %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestSelectNotesSkippedRecords(t *testing.T) {
	s, errb := streams(`{"kind":"Decision","apiVersion":"ssmkit/v1"}`+"\n"+`{"kind":"Profile","apiVersion":"ssmkit/v1"}`, true)
	if _, err := Select(context.Background(), Args{Tool: "ssm-x"}, s); err != nil {
		t.Fatal(err)
	}
	want := "note: stdin line 1: skipping a Decision record (ssm-x reads Profile and Identity records)\n" +
		"note: stdin line 2: Profile record names no profile; skipped\n"
	if diff := cmp.Diff(want, errb.String()); diff != "" {
		t.Errorf("stderr (-want +got)\n%s", diff)
	}
}

func TestSelectDashWithoutStdin(t *testing.T) {
	_, err := Select(context.Background(), Args{Names: []string{"-"}}, output.Streams{})
	if exitcode.Of(err) != exitcode.Usage {
		t.Errorf("err = %v, want a usage error", err)
	}
}

// The timeout bounds a pipe whose writer never closes: exit 3, naming it.
func TestSelectStdinThatNeverCloses(t *testing.T) {
	stuck, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := Select(ctx, Args{Timeout: 20 * time.Millisecond}, output.Streams{In: stuck, InPiped: true})
	if exitcode.Of(err) != exitcode.Unknown || !strings.HasPrefix(err.Error(), "stdin was still open after --timeout 20ms") {
		t.Errorf("err = %v, want exit 3 naming --timeout", err)
	}
}

func TestSubjects(t *testing.T) {
	l := load(t, nil, config)
	var names []string
	for _, s := range (Selection{Names: []string{"keys", "nope"}}).Subjects(l) {
		names = append(names, s.DisplayName())
	}
	if diff := cmp.Diff([]string{"keys", "nope"}, names); diff != "" {
		t.Errorf("named (-want +got)\n%s", diff)
	}
	if got := (Selection{}).Subjects(l); len(got) != 1 || got[0].Name != "default" {
		t.Errorf("nothing named: %+v, want the implicit [default]", got)
	}
	if got := (Selection{FromStdin: true}).Subjects(l); len(got) != 0 {
		t.Errorf("empty stdin: %+v, want no subjects (the tool says stdin was empty)", got)
	}
}
