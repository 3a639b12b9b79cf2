// Package paths says where the AWS CLI's files are on this machine: the shared
// config and credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
// else ~/.aws/...), the SSO token cache, and the home directory they hang
// from. It reads the environment it is handed, and the home directory only
// through go-homedir.
package paths

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/mitchellh/go-homedir"
)

// Paths names the shared config and credentials files and the SSO token
// cache folder.
type Paths struct {
	ConfigFile      string
	CredentialsFile string
	SSOCacheDir     string
}

// Getenv looks up an environment variable; os.Getenv in production.
type Getenv func(string) string

// Home returns the home directory; HomeDir in production, a fixed
// directory in tests.
type Home func() (string, error)

// errNoHome names the fix when no home directory can be found.
var errNoHome = errors.New("cannot find the home directory: set HOME (or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE)")

// HomeDir is the home directory as github.com/mitchellh/go-homedir finds it:
// HOME, then USERPROFILE, then HOMEDRIVE+HOMEPATH, on every system. On
// Windows go-homedir tries exactly these; elsewhere it reads HOME and then
// asks the password database, so the two Windows variables are tried in
// between (a Windows environment under WSL or MSYS), before go-homedir's
// fallback.
func HomeDir() (string, error) {
	// go-homedir caches its first answer for the life of the process, but
	// HOME may change under a test (t.Setenv); the lookup is cheap while
	// HOME is set, and a run asks once per file anyway.
	homedir.Reset()
	if runtime.GOOS != "windows" && os.Getenv("HOME") == "" {
		if h := os.Getenv("USERPROFILE"); h != "" {
			return h, nil
		}
		if d, p := os.Getenv("HOMEDRIVE"), os.Getenv("HOMEPATH"); d != "" && p != "" {
			return d + p, nil
		}
	}
	h, err := homedir.Dir()
	if err != nil || h == "" {
		return "", errNoHome
	}
	return h, nil
}

// Default applies AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (with $VAR
// and ~ expanded, as the AWS CLI does) over ~/.aws/config and
// ~/.aws/credentials; the token cache is always ~/.aws/sso/cache.
func Default(env Getenv, home Home) (Paths, error) {
	dir, homeErr := home()
	if homeErr == nil && dir == "" {
		homeErr = errNoHome
	}
	resolve := func(v, def string) (string, error) {
		if p := env(v); p != "" {
			return expand(p, dir, env), nil
		}
		if homeErr != nil {
			return "", homeErr
		}
		return filepath.Join(dir, ".aws", def), nil
	}
	cfg, err := resolve("AWS_CONFIG_FILE", "config")
	if err != nil {
		return Paths{}, err
	}
	creds, err := resolve("AWS_SHARED_CREDENTIALS_FILE", "credentials")
	if err != nil {
		return Paths{}, err
	}
	p := Paths{ConfigFile: cfg, CredentialsFile: creds}
	if homeErr == nil {
		p.SSOCacheDir = filepath.Join(dir, ".aws", "sso", "cache")
	}
	return p, nil
}

// expand mirrors Python's os.path.expandvars then expanduser, as the AWS CLI
// applies them to AWS_CONFIG_FILE. Only "~" and "~/..." name this user's
// home; "~user" is left as written, as go-homedir's Expand refuses it.
func expand(p, home string, env Getenv) string {
	p = os.Expand(p, func(k string) string {
		if v := env(k); v != "" {
			return v
		}
		return "${" + k + "}"
	})
	if home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		p = home + p[1:]
	}
	return p
}
