package main

import (
	"os"
	"os/exec"
	"time"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/preflight"
)

// deps is everything ssm-canconnect needs from the outside world.
type deps struct {
	env      paths.Getenv
	home     paths.Home
	now      func() time.Time
	lookPath preflight.LookPath
	// loader builds the AWS configuration loader for the files the offline
	// checks read, with region as --region (empty: the profile's).
	loader func(where paths.Paths, region string) *awsclient.Loader
	// onRecord, when set, sees every AccessCheck the live check prints
	// (--evidence keeps them for the bundle).
	onRecord func(access.AccessCheck)
}

func systemDeps() deps {
	return deps{env: osEnv, home: paths.HomeDir, now: time.Now, lookPath: exec.LookPath, loader: sdkLoader}
}

// osEnv is os.Getenv; named so deps reads as data.
func osEnv(k string) string { return os.Getenv(k) }

// sdkLoader passes the file paths explicitly so the SDK reads the same files
// the offline checks read.
func sdkLoader(where paths.Paths, region string) *awsclient.Loader {
	return awsclient.New(awsclient.Options{
		ConfigFiles:      []string{where.ConfigFile},
		CredentialsFiles: []string{where.CredentialsFile},
		Region:           region,
	})
}
