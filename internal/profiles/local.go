package profiles

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/exitcode"
)

// Local is this machine's profiles, read offline: where the files are, what
// they hold, and the record built for each profile.
type Local struct {
	Paths    awsconfig.Paths
	Files    *awsconfig.Files
	Profiles []Profile
}

// LoadLocal reads the config and credentials files env points at and builds
// every profile with its SSO token state as of now. A bad path or file is a
// usage error (exit 2): the fix is in the file.
func LoadLocal(env awsconfig.Getenv, now time.Time) (Local, error) {
	paths, err := awsconfig.DefaultPaths(env)
	if err != nil {
		return Local{}, exitcode.Wrap(exitcode.Usage, err)
	}
	files, err := awsconfig.Load(paths)
	if err != nil {
		return Local{}, exitcode.Wrap(exitcode.Usage, err)
	}
	recs := Build(files, func(key string) awsconfig.TokenState {
		return awsconfig.ReadToken(paths.SSOCacheDir, key, now)
	})
	return Local{Paths: paths, Files: files, Profiles: recs}, nil
}
