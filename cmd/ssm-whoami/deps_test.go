package main

import (
	"testing"

	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
)

// A cached identity reports the region it was resolved in, so a different
// AWS_REGION (or endpoint) must not reuse it.
func TestCacheScopeFollowsRegionAndEndpoint(t *testing.T) {
	where := paths.Paths{ConfigFile: "/h/.aws/config", CredentialsFile: "/h/.aws/credentials"}
	scope := func(env map[string]string) string { return cacheScope(func(k string) string { return env[k] }, where) }
	base := scope(map[string]string{"AWS_REGION": "eu-west-1"})
	for name, env := range map[string]map[string]string{
		"other region":   {"AWS_REGION": "us-east-1"},
		"default region": {"AWS_DEFAULT_REGION": "eu-west-1"},
		"endpoint":       {"AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566"},
	} {
		if scope(env) == base {
			t.Errorf("%s: same cache scope as AWS_REGION=eu-west-1", name)
		}
	}
	if scope(map[string]string{"AWS_REGION": "eu-west-1"}) != base {
		t.Error("the same environment must give the same scope")
	}
}
