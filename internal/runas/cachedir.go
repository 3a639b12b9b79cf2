package runas

import (
	"path/filepath"
	"runtime"

	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
)

// IdentityCacheDir is where resolved identities are cached: ssmkit/identity
// under this user's cache directory, found by os.UserCacheDir's rules for
// this platform but through the given environment and home (tests pass
// their own); the pre-flight cache sits beside it. false when neither is
// known.
func IdentityCacheDir(env paths.Getenv, home paths.Home) (string, bool) {
	return identityCacheDir(runtime.GOOS, env, home)
}

// identityCacheDir applies os.UserCacheDir's rules for goos
// (https://pkg.go.dev/os#UserCacheDir): %LocalAppData% on Windows (never
// roamed to other machines, unlike %AppData%), ~/Library/Caches on macOS,
// else $XDG_CACHE_HOME when absolute, else ~/.cache.
func identityCacheDir(goos string, env paths.Getenv, home paths.Home) (string, bool) {
	var base string
	switch goos {
	case "windows":
		base = env("LocalAppData")
		if base == "" {
			return "", false
		}
		return base + `\ssmkit\identity`, true
	case "darwin", "ios":
		dir, err := home()
		if err != nil || dir == "" {
			return "", false
		}
		base = filepath.Join(dir, "Library", "Caches")
	default:
		base = env("XDG_CACHE_HOME")
		if !filepath.IsAbs(base) {
			dir, err := home()
			if err != nil || dir == "" {
				return "", false
			}
			base = filepath.Join(dir, ".cache")
		}
	}
	return filepath.Join(base, "ssmkit", "identity"), true
}
