package version

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFromBuild(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	tests := []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  string
	}{
		{"release build: ldflags win", "v1.2.3", "0123456789abcdef0123", "2026-01-02T03:04:05Z",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("GOOS", "darwin", "GOARCH", "arm64", "vcs.revision", "ffff")},
			"v1.2.3 (commit 0123456789ab, built 2026-01-02T03:04:05Z, go1.26.8 darwin/arm64)"},
		{"go install module@version: the module version", "", "", "",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/ssmkit/ssmkit", Version: "v1.4.0"}, Settings: vcs("GOOS", "linux", "GOARCH", "amd64")},
			"v1.4.0 (go1.26.8 linux/amd64)"},
		{"go build in a modified checkout: revision and its time", "", "", "",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20260102030405-0123456789ab+dirty"},
				Settings: vcs("GOOS", "windows", "GOARCH", "amd64", "vcs.revision", "0123456789abcdef", "vcs.time", "2026-01-02T03:04:05Z", "vcs.modified", "true")},
			"v0.0.0-20260102030405-0123456789ab+dirty (commit 0123456789ab, modified, committed 2026-01-02T03:04:05Z, go1.26.8 windows/amd64)"},
		{"no version anywhere: dev", "", "", "",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("GOOS", "linux", "GOARCH", "arm64")},
			"dev (go1.26.8 linux/arm64)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, FromBuild(tt.version, tt.commit, tt.date, tt.bi).String()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// Without build information (a binary built without module support) the
// runtime still names the toolchain and platform.
func TestFromBuildWithoutBuildInfo(t *testing.T) {
	got := FromBuild("", "", "", nil).String()
	if !strings.HasPrefix(got, "dev (go") || !strings.Contains(got, "/") {
		t.Errorf("got %q", got)
	}
}
