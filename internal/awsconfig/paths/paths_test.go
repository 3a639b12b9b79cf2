package paths

import (
	"errors"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func envOf(m map[string]string) Getenv { return func(k string) string { return m[k] } }

func homeAt(dir string) Home { return func() (string, error) { return dir, nil } }

func TestDefault(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		home Home
		want Paths
	}{
		{"home", nil, homeAt("/h"), Paths{"/h/.aws/config", "/h/.aws/credentials", "/h/.aws/sso/cache"}},
		{"windows home", nil, homeAt(`C:\Users\me`), Paths{`C:\Users\me/.aws/config`, `C:\Users\me/.aws/credentials`, `C:\Users\me/.aws/sso/cache`}},
		{"overrides with ~ and $VAR", map[string]string{"AWS_CONFIG_FILE": "~/cfg", "AWS_SHARED_CREDENTIALS_FILE": "$D/creds", "D": "/d"},
			homeAt("/h"), Paths{"/h/cfg", "/d/creds", "/h/.aws/sso/cache"}},
		{"~user is not this user's home", map[string]string{"AWS_CONFIG_FILE": "~bob/cfg", "AWS_SHARED_CREDENTIALS_FILE": "~"},
			homeAt("/h"), Paths{"~bob/cfg", "/h", "/h/.aws/sso/cache"}},
		{"no home but both files named", map[string]string{"AWS_CONFIG_FILE": "/c", "AWS_SHARED_CREDENTIALS_FILE": "/k"},
			func() (string, error) { return "", errors.New("no home") }, Paths{"/c", "/k", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Default(envOf(tt.env), tt.home)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	if _, err := Default(envOf(nil), func() (string, error) { return "", errNoHome }); err == nil || err.Error() != errNoHome.Error() {
		t.Errorf("no home and no file variables: got %v, want an error naming HOME", err)
	}
}

// HomeDir keeps the documented order, HOME, then USERPROFILE, then
// HOMEDRIVE+HOMEPATH, on Unix too (go-homedir reads the last two on Windows
// only), and follows HOME when a test changes it (go-homedir caches).
func TestHomeDirOrder(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"HOME first", map[string]string{"HOME": "/home/me", "USERPROFILE": `C:\Users\me`, "HOMEDRIVE": "D:", "HOMEPATH": `\me`}, "/home/me"},
		{"then USERPROFILE", map[string]string{"USERPROFILE": `C:\Users\me`, "HOMEDRIVE": "D:", "HOMEPATH": `\me`}, `C:\Users\me`},
		{"then HOMEDRIVE+HOMEPATH", map[string]string{"HOMEDRIVE": "D:", "HOMEPATH": `\Users\me`}, `D:\Users\me`},
		{"HOMEDRIVE alone is not a home", map[string]string{"HOMEDRIVE": "D:", "HOME": "/fallback"}, "/fallback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"HOME", "USERPROFILE", "HOMEDRIVE", "HOMEPATH"} {
				t.Setenv(k, tt.env[k])
			}
			got, err := HomeDir()
			if err != nil || got != tt.want {
				t.Errorf("HomeDir() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestHomeDirFollowsAChangedHOME(t *testing.T) {
	for _, h := range []string{"/first", "/second"} {
		t.Setenv("HOME", h)
		if got, err := HomeDir(); err != nil || got != h {
			t.Errorf("HOME=%s: HomeDir() = %q, %v (a cached answer?)", h, got, err)
		}
	}
}

// Without any of the variables, go-homedir asks the system (the password
// database on Linux), as the AWS CLI's expanduser does; on Windows there is
// nothing left to ask.
func TestHomeDirWithoutVariables(t *testing.T) {
	for _, k := range []string{"HOME", "USERPROFILE", "HOMEDRIVE", "HOMEPATH"} {
		t.Setenv(k, "")
	}
	got, err := HomeDir()
	if runtime.GOOS == "windows" {
		if err == nil {
			t.Errorf("HomeDir() = %q; want an error naming HOME", got)
		}
		return
	}
	if err != nil || !filepath.IsAbs(got) {
		t.Errorf("HomeDir() = %q, %v; want the account's home from the system", got, err)
	}
}
