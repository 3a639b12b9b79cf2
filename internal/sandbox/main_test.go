package sandbox

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sso"
)

// shared is the one seed sandbox the package's tests read from (start-up costs seconds).
var shared *Env

func TestMain(m *testing.M) {
	if _, err := exec.LookPath("moto_server"); err != nil {
		fmt.Fprintln(os.Stderr, `FAIL: the sandbox tests need moto_server: pip install "moto[server]"`)
		os.Exit(1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	env, err := Start(ctx, Options{Scenario: "seed"})
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: starting the seed sandbox:", err)
		os.Exit(1)
	}
	shared = env
	code := m.Run()
	env.Close()
	if multi.env != nil {
		multi.env.Close()
	}
	os.Exit(code)
}

// multi is the testdata/multiregion.yaml sandbox, started by the first test that needs it.
var multi struct {
	once sync.Once
	env  *Env
	err  error
}

// multiRegion returns the multiregion sandbox.
func multiRegion(t *testing.T) *Env {
	t.Helper()
	multi.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		multi.env, multi.err = Start(ctx, Options{Scenario: "testdata/multiregion.yaml"})
	})
	if multi.err != nil {
		t.Fatalf("starting testdata/multiregion.yaml: %v", multi.err)
	}
	return multi.env
}

// envProfile loads a local profile of env through the SDK's own credential chain, with
// env's variables set for the test.
func envProfile(t *testing.T, env *Env, profile string) aws.Config {
	t.Helper()
	for _, k := range Unset() {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	for _, kv := range env.Vars() {
		t.Setenv(kv[0], kv[1])
	}
	cfg, err := config.LoadDefaultConfig(testCtx(t), config.WithSharedConfigFiles([]string{env.Local.Config}),
		config.WithSharedCredentialsFiles([]string{env.Local.Credentials}), config.WithSharedConfigProfile(profile))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// profileConfig loads a local profile of the seed sandbox.
func profileConfig(t *testing.T, profile string) aws.Config {
	t.Helper()
	return envProfile(t, shared, profile)
}

// portalConfig gets credentials for account/permission set from the SSO portal with the
// logged-in user's cached token (what `aws sso login` left on disk).
func portalConfig(t *testing.T, account, permissionSet string) aws.Config {
	t.Helper()
	cfg := profileConfig(t, "cast-dev-admin")
	token := cachedToken(t, "cast")
	out, err := sso.NewFromConfig(cfg).GetRoleCredentials(testCtx(t), &sso.GetRoleCredentialsInput{
		AccessToken: aws.String(token), AccountId: aws.String(account), RoleName: aws.String(permissionSet)})
	if err != nil {
		t.Fatalf("portal credentials for %s/%s: %v", account, permissionSet, err)
	}
	c := out.RoleCredentials
	cfg.Credentials = credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
	return cfg
}

func seedPortal(t *testing.T, cfg aws.Config, account, role string) (*sso.GetRoleCredentialsOutput, error) {
	return sso.NewFromConfig(cfg).GetRoleCredentials(testCtx(t), &sso.GetRoleCredentialsInput{
		AccessToken: aws.String(cachedToken(t, "cast")), AccountId: aws.String(account), RoleName: aws.String(role)})
}
