// Package version reports the ssmkit version shared by every binary.
package version

import "runtime/debug"

// Version is set at build time: -ldflags "-X github.com/ssmkit/ssmkit/internal/version.Version=v1.2.3".
var Version = ""

// String returns the build-time version, else the module version recorded by
// `go install ...@vX`, else "dev".
func String() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
