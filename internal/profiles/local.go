package profiles

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/exitcode"
)

// Local is this machine's profiles, read offline: where the files are, what
// they hold, and the record built for each profile.
type Local struct {
	Paths    paths.Paths
	Files    *awsconfig.Files
	Profiles []Profile
}

// LoadLocal reads the config and credentials files env and home point at
// and builds every profile with its SSO token state as of now. A bad path or
// file is a usage error (exit 2): the fix is in the file.
func LoadLocal(env paths.Getenv, home paths.Home, now time.Time) (Local, error) {
	where, err := paths.Default(env, home)
	if err != nil {
		return Local{}, exitcode.Wrap(exitcode.Usage, err)
	}
	files, err := awsconfig.Load(where)
	if err != nil {
		return Local{}, exitcode.Wrap(exitcode.Usage, err)
	}
	recs := Build(files, func(key string) ssocache.State {
		return ssocache.Read(where.SSOCacheDir, key, now)
	})
	return Local{Paths: where, Files: files, Profiles: recs}, nil
}
