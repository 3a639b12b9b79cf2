package profiles

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/output"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/config")

// fixtureNow is the clock every fixture's token cache is written against.
var fixtureNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

const fixtures = "../../testdata/config"

// loadFixture parses a fixture folder under the names a user would see.
func loadFixture(t *testing.T, dir string) (*awsconfig.Files, error) {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		return b
	}
	return awsconfig.Parse("~/.aws/config", read("config"), "~/.aws/credentials", read("credentials"))
}

func fixtureTokens(dir string) TokenLookup {
	cache := filepath.Join(dir, "sso", "cache")
	return func(key string) ssocache.State {
		st := ssocache.Read(cache, key, fixtureNow)
		st.Problem = strings.ReplaceAll(st.Problem, cache, "~/.aws/sso/cache")
		return st
	}
}

func render(t *testing.T, recs []Profile, f output.Format) string {
	t.Helper()
	var buf bytes.Buffer
	p := output.NewPrinter(output.Streams{Out: &buf}, f)
	for _, r := range recs {
		if err := p.Print(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/profiles -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got)\n%s", path, diff)
	}
}

// TestFixturesGolden renders every fixture as table, wide and NDJSON (and
// the notices and errors a user would see on stderr) against golden files.
func TestFixturesGolden(t *testing.T) {
	dirs, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		dir := filepath.Join(fixtures, d.Name())
		t.Run(d.Name(), func(t *testing.T) {
			files, err := loadFixture(t, dir)
			if err != nil {
				golden(t, filepath.Join(dir, "want.err"), err.Error()+"\n")
				return
			}
			var notes strings.Builder
			for _, n := range files.Notices {
				notes.WriteString("warning: " + n.String() + "\n")
			}
			golden(t, filepath.Join(dir, "want.notices"), notes.String())
			recs := Build(files, fixtureTokens(dir))
			golden(t, filepath.Join(dir, "want.table"), render(t, recs, output.Table))
			golden(t, filepath.Join(dir, "want.wide"), render(t, recs, output.Wide))
			out := render(t, recs, output.NDJSON)
			golden(t, filepath.Join(dir, "want.ndjson"), out)
			for _, secret := range []string{"FIXTURE-ACCESS-TOKEN", "FIXTURE-REFRESH", "FIXTURE-CLIENT-SECRET", "not-shown", "AKIAFIXTURE"} {
				if strings.Contains(out+render(t, recs, output.Wide), secret) {
					t.Errorf("output contains secret material %q", secret)
				}
			}
		})
	}
}
