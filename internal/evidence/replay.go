package evidence

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ReplayArgs drops flags (with their values) from a recorded command line:
// the evidence flag and the output format, which the replay chooses anew.
// Boolean flags to drop are named in bools (they take no value).
func ReplayArgs(args []string, withValue, bools []string) []string {
	out := []string{}
	in := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			out = append(out, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case in(withValue, name):
			if !hasValue {
				i++ // the value is the next argument
			}
			continue
		case in(bools, name):
			continue
		}
		out = append(out, a)
	}
	return out
}

// Placeholder keys replay signs with: never real, never sent anywhere.
const (
	ReplayKeyID  = "AKIAREPLAYEVIDENCE00"
	ReplaySecret = "evidence-replay-placeholder"
)

// ReplayFiles writes, under dir, an AWS config and credentials file defining
// the recorded profiles with their regions and placeholder keys: the bundle
// holds no credentials, and the reviewer's machine need not know the profiles.
// It points the process at them (and a private cache), and clears the
// variables that would pick other credentials or regions.
func ReplayFiles(dir string, profiles map[string]string) (config, credentials string, err error) {
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	var cfg, creds strings.Builder
	for _, name := range names {
		if name == "default" {
			cfg.WriteString("[default]\n")
		} else {
			cfg.WriteString("[profile " + name + "]\n")
		}
		if r := profiles[name]; r != "" {
			cfg.WriteString("region = " + r + "\n")
		}
		creds.WriteString("[" + name + "]\naws_access_key_id = " + ReplayKeyID + "\naws_secret_access_key = " + ReplaySecret + "\n")
	}
	config, credentials = filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	if err := os.WriteFile(config, []byte(cfg.String()), 0o600); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(credentials, []byte(creds.String()), 0o600); err != nil {
		return "", "", err
	}
	for k, v := range map[string]string{"AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": credentials, "XDG_CACHE_HOME": filepath.Join(dir, "cache")} {
		if err := os.Setenv(k, v); err != nil {
			return "", "", err
		}
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		_ = os.Unsetenv(k)
	}
	return config, credentials, nil
}

// ProfileRegions maps each named profile to its region, as regionOf (the
// local config) gives it: replay defines the same profiles in the same
// regions, so each recorded call is asked again in its region.
func ProfileRegions(names []string, regionOf func(string) string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		if n != "" {
			out[n] = regionOf(n)
		}
	}
	return out
}
