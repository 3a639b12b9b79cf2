// Package version reports the ssmkit version, commit and build date shared
// by every binary (--version).
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set at build time (Makefile, .goreleaser.yaml):
//
//	-ldflags "-X github.com/ssmkit/ssmkit/internal/version.Version=v1.2.3
//	          -X github.com/ssmkit/ssmkit/internal/version.Commit=<sha>
//	          -X github.com/ssmkit/ssmkit/internal/version.Date=<RFC 3339>"
//
// A build without them (go install, go build) reports what the Go toolchain
// recorded instead.
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// Info is what --version reports.
type Info struct {
	// Version is a release tag (v1.2.3), the module version go install
	// recorded, a pseudo-version from the checkout, or "dev".
	Version string
	// Commit is the VCS revision, when known; Modified marks a checkout
	// with uncommitted changes.
	Commit   string
	Modified bool
	// Built is when the binary was built (set with -ldflags); Committed
	// is the time of the commit a plain go build was made from.
	Built     string
	Committed string
	// Go and Platform are the toolchain and GOOS/GOARCH.
	Go       string
	Platform string
}

// Get is this binary's Info.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return FromBuild(Version, Commit, Date, bi)
}

// String is this binary's --version text.
func String() string { return Get().String() }

// FromBuild merges values set with -ldflags over the build information the
// Go toolchain recorded (nil when there is none): `go install
// module@v1.2.3` records the module version; `go build` in a git checkout
// records the revision, its time and whether the tree was modified.
func FromBuild(version, commit, date string, bi *debug.BuildInfo) Info {
	in := Info{Version: version, Commit: commit, Built: date, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		in.Go = bi.GoVersion
		if in.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			in.Version = bi.Main.Version
		}
		vcs := map[string]string{}
		for _, s := range bi.Settings {
			vcs[s.Key] = s.Value
		}
		if in.Commit == "" {
			in.Commit, in.Modified = vcs["vcs.revision"], vcs["vcs.modified"] == "true"
		}
		if in.Built == "" {
			in.Committed = vcs["vcs.time"]
		}
		if os, arch := vcs["GOOS"], vcs["GOARCH"]; os != "" && arch != "" {
			in.Platform = os + "/" + arch
		}
	}
	if in.Version == "" {
		in.Version = "dev"
	}
	return in
}

// String reads "v1.2.3 (commit 0123456789ab, built 2026-01-02T03:04:05Z,
// go1.26.8 linux/amd64)", leaving out what is unknown.
func (in Info) String() string {
	var parts []string
	if in.Commit != "" {
		c := in.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if in.Modified {
			c += ", modified"
		}
		parts = append(parts, "commit "+c)
	}
	if in.Built != "" {
		parts = append(parts, "built "+in.Built)
	}
	if in.Committed != "" {
		parts = append(parts, "committed "+in.Committed)
	}
	parts = append(parts, strings.TrimSpace(in.Go+" "+in.Platform))
	return fmt.Sprintf("%s (%s)", in.Version, strings.Join(parts, ", "))
}
