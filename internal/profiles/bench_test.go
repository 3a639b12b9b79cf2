package profiles

import (
	"io"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
)

// BenchmarkList10000 is the whole offline path for a 10,000-profile
// ~/.aws made by scripts/gen-profiles: parse both files, build every
// record with its token state, encode NDJSON as ssm-profiles does.
func BenchmarkList10000(b *testing.B) {
	home := b.TempDir()
	gen := exec.Command("go", "run", "../../scripts/gen-profiles", "-home", home, "-n", "10000")
	if out, err := gen.CombinedOutput(); err != nil {
		b.Fatalf("gen-profiles: %v\n%s", err, out)
	}
	where := paths.Paths{
		ConfigFile:      filepath.Join(home, ".aws", "config"),
		CredentialsFile: filepath.Join(home, ".aws", "credentials"),
		SSOCacheDir:     filepath.Join(home, ".aws", "sso", "cache"),
	}
	now := time.Now()
	b.ResetTimer()
	for b.Loop() {
		files, err := awsconfig.Load(where)
		if err != nil {
			b.Fatal(err)
		}
		recs := Build(files, func(k string) ssocache.State { return ssocache.Read(where.SSOCacheDir, k, now) })
		if err := WriteNDJSON(io.Discard, recs); err != nil {
			b.Fatal(err)
		}
		if len(recs) != 10000 {
			b.Fatalf("got %d records", len(recs))
		}
	}
}
