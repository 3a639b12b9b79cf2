package main

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/profiles"
)

// deps is everything ssm-profiles needs from the outside world.
type deps struct {
	env  paths.Getenv
	home paths.Home
	now  func() time.Time
	// portal returns an SSO portal client for a region.
	portal func(ctx context.Context, region string) profiles.Portal
}

func systemDeps() deps {
	return deps{env: osEnv, home: paths.HomeDir, now: time.Now, portal: portalFactory(osEnv, awsclient.Options{})}
}

// portalFactory builds SSO portal clients with ssmkit's bounded adaptive
// retries; the portal needs no signature, only the bearer token.
func portalFactory(env paths.Getenv, opts awsclient.Options) func(context.Context, string) profiles.Portal {
	loader := awsclient.New(opts)
	return func(_ context.Context, region string) profiles.Portal {
		return sso.NewFromConfig(aws.Config{Region: region, Retryer: loader.Retryer,
			Credentials: aws.AnonymousCredentials{}}, func(o *sso.Options) {
			o.BaseEndpoint = ssoEndpoint(env)
		})
	}
}

// ssoEndpoint applies the SDK's standard endpoint variables to the portal:
// AWS_ENDPOINT_URL_SSO, then AWS_ENDPOINT_URL, unless
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true. nil means the real portal.
func ssoEndpoint(env paths.Getenv) *string {
	if strings.EqualFold(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true") {
		return nil
	}
	for _, k := range []string{"AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL"} {
		if v := env(k); v != "" {
			return aws.String(v)
		}
	}
	return nil
}
