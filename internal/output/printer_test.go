package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/record"
)

type fakeRecord struct {
	record.Header
	Name   string `json:"name"`
	Status string `json:"status"`
	Extra  string `json:"extra,omitempty"`
}

func (f fakeRecord) TableHeader(wide bool) []string {
	if wide {
		return []string{"name", "status", "extra"}
	}
	return []string{"name", "status"}
}

func (f fakeRecord) TableRow(wide bool) []string {
	if wide {
		return []string{f.Name, f.Status, f.Extra}
	}
	return []string{f.Name, f.Status}
}

func (f fakeRecord) RecordName() string { return f.Name }

func recs() []fakeRecord {
	h := record.NewHeader("Profile")
	return []fakeRecord{{h, "dev", "valid", "x"}, {h, "production-admin", "expired", ""}}
}

func render(t *testing.T, s Streams, f Format) string {
	t.Helper()
	var out bytes.Buffer
	s.Out = &out
	p := NewPrinter(s, f)
	for _, r := range recs() {
		if err := p.Print(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestDefaultFormatFollowsTerminal(t *testing.T) {
	piped := render(t, Streams{OutTTY: false}, Default)
	lines := strings.Split(strings.TrimSpace(piped), "\n")
	if len(lines) != 2 {
		t.Fatalf("piped output must be one JSON object per line, got:\n%s", piped)
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		if m["kind"] != "Profile" || m["apiVersion"] != "ssmkit/v1" {
			t.Errorf("line %q lacks kind/apiVersion", l)
		}
	}
	tty := render(t, Streams{OutTTY: true}, Default)
	want := "NAME              STATUS\n" +
		"dev               valid\n" +
		"production-admin  expired\n"
	if d := cmp.Diff(want, tty); d != "" {
		t.Errorf("table (-want +got):\n%s", d)
	}
}

func TestColourOnlyWhenAllowed(t *testing.T) {
	coloured := render(t, Streams{OutTTY: true, Color: true}, Table)
	if !strings.Contains(coloured, "\x1b[") {
		t.Errorf("want ANSI colour on a colour terminal:\n%q", coloured)
	}
	if strings.Contains(strings.SplitN(coloured, "\n", 2)[0], "\x1b[") {
		t.Errorf("header must not be coloured: %q", coloured)
	}
	plain := render(t, Streams{OutTTY: true, Color: false}, Table)
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("no colour wanted: %q", plain)
	}
	// Alignment must ignore escape codes: stripping them gives the plain table.
	stripped := strings.NewReplacer("\x1b[32m", "", "\x1b[31m", "", "\x1b[0m", "").Replace(coloured)
	if stripped != plain {
		t.Errorf("coloured table misaligned:\n%q\n%q", stripped, plain)
	}
}

func TestColorAllowed(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	tests := []struct {
		name string
		tty  bool
		env  map[string]string
		want bool
	}{
		{"terminal", true, nil, true},
		{"pipe", false, nil, false},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, false},
		{"dumb", true, map[string]string{"TERM": "dumb"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ColorAllowed(tt.tty, env(tt.env)); got != tt.want {
				t.Errorf("got %v want %v", got, tt.want)
			}
		})
	}
}

func TestOtherFormats(t *testing.T) {
	tests := []struct {
		f    Format
		want string
	}{
		{Name, "dev\nproduction-admin\n"},
		{Wide, "NAME              STATUS   EXTRA\ndev               valid    x\nproduction-admin  expired  \n"},
		{Markdown, "| name | status |\n| --- | --- |\n| dev | valid |\n| production-admin | expired |\n"},
		{YAML, "apiVersion: ssmkit/v1\nextra: x\nkind: Profile\nname: dev\nstatus: valid\n---\napiVersion: ssmkit/v1\nkind: Profile\nname: production-admin\nstatus: expired\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.f), func(t *testing.T) {
			if d := cmp.Diff(tt.want, render(t, Streams{}, tt.f)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	js := render(t, Streams{}, JSON)
	if !strings.Contains(js, "{\n  \"kind\": \"Profile\",\n  \"apiVersion\": \"ssmkit/v1\",") {
		t.Errorf("json must be indented with kind first:\n%s", js)
	}
}

func TestParseFormat(t *testing.T) {
	if f, err := ParseFormat("YAML"); err != nil || f != YAML {
		t.Errorf("ParseFormat(YAML) = %v, %v", f, err)
	}
	_, err := ParseFormat("xml")
	if err == nil || !strings.Contains(err.Error(), "use one of table, wide, json") {
		t.Errorf("want a helpful error, got %v", err)
	}
}
