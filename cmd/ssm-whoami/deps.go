package main

import (
	"context"
	"os"
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
	// connect builds the AWS clients for the config files in where.
	connect func(where paths.Paths, enrich bool) identity.Connector
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
