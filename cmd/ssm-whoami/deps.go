package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/identity"
)

// deps is everything ssm-whoami needs from the outside world.
type deps struct {
	env  paths.Getenv
	home paths.Home
	now  func() time.Time
	// connect builds the AWS clients for the config files in paths.
	connect func(paths paths.Paths, enrich bool) identity.Connector
}

func systemDeps() deps {
	return deps{env: osEnv, home: paths.HomeDir, now: time.Now, connect: sdkConnector}
}

// osEnv is os.Getenv; named so deps reads as data.
func osEnv(k string) string { return os.Getenv(k) }

// sdkConnector loads each profile with awsclient, passing the file paths
// explicitly so the SDK reads the same files the offline check read.
func sdkConnector(where paths.Paths, enrich bool) identity.Connector {
	loader := awsclient.New(awsclient.Options{
		ConfigFiles:      []string{where.ConfigFile},
		CredentialsFiles: []string{where.CredentialsFile},
	})
	return func(ctx context.Context, profile string) (identity.Clients, error) {
		cfg, err := loader.Load(ctx, profile)
		if err != nil {
			return identity.Clients{}, err
		}
		c := identity.Clients{STS: sts.NewFromConfig(cfg), Credentials: cfg.Credentials, Region: cfg.Region}
		if enrich {
			c.Aliases = iam.NewFromConfig(cfg)
			c.Accounts = organizations.NewFromConfig(cfg)
		}
		return c, nil
	}
}

// cacheDir follows os.UserCacheDir on Unix (XDG_CACHE_HOME, then ~/.cache)
// through the injected environment.
func cacheDir(env paths.Getenv, homeDir paths.Home) (string, bool) {
	base := env("XDG_CACHE_HOME")
	if base == "" {
		home, err := homeDir()
		if err != nil {
			return "", false
		}
		base = filepath.Join(home, ".cache")
	}
	return filepath.Join(base, "ssmkit", "identity"), true
}

// cacheScope is the non-secret context an answer depends on besides the
// profile: which endpoints and files were used, and the region the SDK
// would take from the environment (the record reports it).
func cacheScope(env paths.Getenv, where paths.Paths) string {
	parts := []string{"config=" + where.ConfigFile, "credentials=" + where.CredentialsFile}
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
		"AWS_REGION", "AWS_DEFAULT_REGION"} {
		parts = append(parts, k+"="+env(k))
	}
	return strings.Join(parts, "\n")
}
