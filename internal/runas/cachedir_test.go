package runas

import (
	"errors"
	"testing"
)

// TestIdentityCacheDirPerOS checks the cache location each platform's users
// expect (os.UserCacheDir's rules), from a Windows-style or Unix-style
// environment, on whatever machine runs the test.
func TestIdentityCacheDirPerOS(t *testing.T) {
	unixHome := func() (string, error) { return "/Users/me", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	tests := []struct {
		name, goos string
		env        map[string]string
		home       func() (string, error)
		want       string
		ok         bool
	}{
		{"windows: LocalAppData, not the roaming AppData", "windows",
			map[string]string{"LocalAppData": `C:\Users\me\AppData\Local`, "AppData": `C:\Users\me\AppData\Roaming`, "USERPROFILE": `C:\Users\me`},
			noHome, `C:\Users\me\AppData\Local\ssmkit\identity`, true},
		{"windows ignores XDG_CACHE_HOME", "windows",
			map[string]string{"LocalAppData": `D:\Local`, "XDG_CACHE_HOME": "/xdg"}, unixHome, `D:\Local\ssmkit\identity`, true},
		{"windows without LocalAppData: no cache", "windows", map[string]string{"USERPROFILE": `C:\Users\me`}, unixHome, "", false},
		{"macOS: Library/Caches", "darwin", map[string]string{"XDG_CACHE_HOME": "/xdg"}, unixHome, "/Users/me/Library/Caches/ssmkit/identity", true},
		{"linux: XDG_CACHE_HOME", "linux", map[string]string{"XDG_CACHE_HOME": "/xdg"}, noHome, "/xdg/ssmkit/identity", true},
		{"linux: a relative XDG_CACHE_HOME is ignored", "linux", map[string]string{"XDG_CACHE_HOME": "xdg"}, unixHome, "/Users/me/.cache/ssmkit/identity", true},
		{"linux: no home, no XDG: no cache", "linux", nil, noHome, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := identityCacheDir(tt.goos, func(k string) string { return tt.env[k] }, tt.home)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
