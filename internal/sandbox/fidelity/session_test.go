package fidelity

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// signedIn is the scenario's logged-in SSO session: its cached token and user.
type signedIn struct {
	Session, User, Token string
}

// signedInUser reads the valid token the sandbox wrote to the local SSO cache, as the
// CLIs would; the scenario says which session is logged in and as whom.
func (s *fixture) signedInUser(t *testing.T) signedIn {
	t.Helper()
	for _, c := range s.sc().Local.SSOCache {
		if c.Session == "" || strings.HasPrefix(c.ExpiresIn, "-") {
			continue
		}
		tok, err := s.env.Local.CachedToken(c.Session)
		if err != nil || tok == "" {
			t.Fatalf("SSO cache entry for %s: no token (%v)", c.Session, err)
		}
		return signedIn{Session: c.Session, User: c.User, Token: tok}
	}
	t.Fatal("the scenario has no logged-in sso-session")
	return signedIn{}
}

// expiredToken reads a cached token the scenario marks as expired.
func (s *fixture) expiredToken(t *testing.T) string {
	t.Helper()
	for _, c := range s.sc().Local.SSOCache {
		if !strings.HasPrefix(c.ExpiresIn, "-") {
			continue
		}
		tok, err := s.env.Local.CachedToken(c.Session + c.StartURL)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	t.Fatal("the scenario has no expired SSO token")
	return ""
}

// roleEnv is the CLI environment of the signed-in user's role session for a permission set
// in an account: credentials from the sandbox's SSO portal (GetRoleCredentials, via the Go
// SDK) in the environment, as Debian's CLI v2 needs them. Each CLI gets its own session
// (its own access key id), so its calls can be told apart in the audit log.
func (s *fixture) roleEnv(t *testing.T, c awsCLI, account, permissionSet string) []string {
	t.Helper()
	return s.userEnv(t, c, s.signedInUser(t).Session, account, permissionSet)
}

// userEnv is roleEnv for the user signed in to another sso-session of the local machine.
func (s *fixture) userEnv(t *testing.T, c awsCLI, session, account, permissionSet string) []string {
	t.Helper()
	key := c.Name + "/" + session + "/" + account + "/" + permissionSet
	token, err := s.env.Local.CachedToken(session)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if env, ok := s.creds[key]; ok {
		return env
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := sso.NewFromConfig(aws.Config{Region: s.sc().IdentityCenter.RegionOr(s.sc().Region), BaseEndpoint: aws.String(s.env.URL), RetryMaxAttempts: 1})
	out, err := client.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{AccessToken: aws.String(token),
		AccountId: aws.String(account), RoleName: aws.String(permissionSet)})
	if err != nil {
		t.Fatalf("sandbox portal credentials for %s: %v", key, err)
	}
	rc := out.RoleCredentials
	env := cliEnv(s.vars(), "AWS_ACCESS_KEY_ID="+aws.ToString(rc.AccessKeyId),
		"AWS_SECRET_ACCESS_KEY="+aws.ToString(rc.SecretAccessKey), "AWS_SESSION_TOKEN="+aws.ToString(rc.SessionToken))
	env = slices.Clip(env) // callers append to it: make that copy, never share the array
	s.creds[key] = env
	return env
}

// adminEnv is the CLI environment of the account's administrator
// (OrganizationAccountAccessRole), for reads the scenario's SSO users may not make.
func (s *fixture) adminEnv(t *testing.T, account string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	creds, err := s.env.AccountCredentials(ctx, account)
	if err != nil {
		t.Fatal(err)
	}
	return slices.Clip(cliEnv(s.vars(), "AWS_ACCESS_KEY_ID="+creds.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+creds.SecretAccessKey, "AWS_SESSION_TOKEN="+creds.SessionToken))
}

// sessionARN is the caller ARN AWS reports for an SSO user's role session in an account.
func (s *fixture) sessionARN(t *testing.T, account, permissionSet, user string) string {
	t.Helper()
	arn, err := scenario.Expand("{{ssoSession:"+account+"/"+permissionSet+"/"+user+"}}", seed.Lookup(s.sc(), s.env.Seeded))
	if err != nil {
		t.Fatal(err)
	}
	return arn
}

// workload is the scenario's account with instances: the one the investigation is about.
func (s *fixture) workload(t *testing.T) *scenario.Account {
	t.Helper()
	for i, a := range s.sc().Accounts {
		if len(a.Instances) > 0 {
			return &s.sc().Accounts[i]
		}
	}
	t.Fatal("the scenario has no account with instances")
	return nil
}

// canSignIn reports whether the signed-in user has any permission set in an account.
func (s *fixture) canSignIn(t *testing.T, account string) bool {
	t.Helper()
	for _, a := range s.sc().IdentityCenter.UserAssignments(s.signedInUser(t).User) {
		if a.Account == account {
			return true
		}
	}
	return false
}

// permissionSets lists, sorted, what the signed-in user may use in an account (directly
// or through groups), as the scenario assigns it.
func (s *fixture) permissionSets(t *testing.T, account string) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	for _, a := range s.sc().IdentityCenter.UserAssignments(s.signedInUser(t).User) {
		if a.Account == account && !seen[a.PermissionSet] {
			seen[a.PermissionSet] = true
			out = append(out, a.PermissionSet)
		}
	}
	if len(out) == 0 {
		t.Fatalf("the signed-in user has no permission set in %s", account)
	}
	sort.Strings(out)
	return out
}

// as is the environment of the signed-in user's first permission set in an account.
func (s *fixture) as(t *testing.T, c awsCLI, account string) (env []string, callerARN string) {
	t.Helper()
	ps := s.permissionSets(t, account)[0]
	return s.roleEnv(t, c, account, ps), s.sessionARN(t, account, ps, s.signedInUser(t).User)
}

func findPermissionSet(t *testing.T, s *fixture, name string) scenario.PermissionSet {
	t.Helper()
	for _, ps := range s.sc().IdentityCenter.PermissionSets {
		if ps.Name == name {
			return ps
		}
	}
	t.Fatalf("permission set %s is not in the scenario", name)
	return scenario.PermissionSet{}
}
