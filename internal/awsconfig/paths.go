package awsconfig

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// Paths names the files Load reads and the SSO token cache folder.
type Paths struct {
	ConfigFile      string
	CredentialsFile string
	SSOCacheDir     string
}

// Getenv looks up an environment variable; os.Getenv in production.
type Getenv func(string) string

// HomeDir finds the home directory as the SDKs do: HOME, then USERPROFILE,
// then HOMEDRIVE+HOMEPATH.
func HomeDir(env Getenv) (string, error) {
	if h := env("HOME"); h != "" {
		return h, nil
	}
	if h := env("USERPROFILE"); h != "" {
		return h, nil
	}
	if d, p := env("HOMEDRIVE"), env("HOMEPATH"); d != "" && p != "" {
		return d + p, nil
	}
	return "", errors.New("cannot find the home directory: set HOME (or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE)")
}

// DefaultPaths applies AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE
// (with ~ and $VAR expanded, as the AWS CLI does) over ~/.aws/config and
// ~/.aws/credentials; the token cache is always ~/.aws/sso/cache.
func DefaultPaths(env Getenv) (Paths, error) {
	home, homeErr := HomeDir(env)
	resolve := func(v, def string) (string, error) {
		if p := env(v); p != "" {
			return expand(p, home, env), nil
		}
		if homeErr != nil {
			return "", homeErr
		}
		return filepath.Join(home, ".aws", def), nil
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
		p.SSOCacheDir = filepath.Join(home, ".aws", "sso", "cache")
	}
	return p, nil
}

// expand mirrors Python's os.path.expandvars then expanduser.
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
