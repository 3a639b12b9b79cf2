package fidelity

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/ini.v1"

	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// TestSSOPortal calls the portal directly (`aws sso ...` with the cached token), which
// both CLIs can do; what it lists must be the scenario's assignments of the signed-in user.
func TestSSOPortal(t *testing.T) {
	s := setup(t)
	in := s.signedInUser(t)
	wantAccounts := []string{}
	wantRoles := map[string][]string{}
	for _, a := range s.sc().Accounts {
		for _, as := range s.sc().IdentityCenter.UserAssignments(in.User) {
			if as.Account == a.ID {
				wantAccounts = append(wantAccounts, a.ID+" "+a.Name)
				wantRoles[a.ID] = s.permissionSets(t, a.ID)
				break
			}
		}
	}
	sort.Strings(wantAccounts)
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			requireCLI(t, c)
			env := cliEnv(s.vars())
			res, call := s.call(t, c, env, "sso", "list-accounts", "--access-token", in.Token)
			var accounts struct {
				AccountList []struct{ AccountId, AccountName string }
			}
			res.JSON(t, &accounts)
			got := []string{}
			gotRoles := map[string][]string{}
			for _, a := range accounts.AccountList {
				got = append(got, a.AccountId+" "+a.AccountName)
				res, _ := s.call(t, c, env, "sso", "list-account-roles", "--access-token", in.Token, "--account-id", a.AccountId)
				var roles struct{ RoleList []struct{ RoleName string } }
				res.JSON(t, &roles)
				for _, r := range roles.RoleList {
					gotRoles[a.AccountId] = append(gotRoles[a.AccountId], r.RoleName)
				}
			}
			if diff := cmp.Diff(wantAccounts, got); diff != "" {
				t.Errorf("accounts (-scenario +CLI):\n%s", diff)
			}
			if diff := cmp.Diff(wantRoles, gotRoles); diff != "" {
				t.Errorf("roles (-scenario +CLI):\n%s", diff)
			}
			if call.Principal != "sso-user/"+in.User {
				t.Errorf("portal call audited as %q, want sso-user/%s", call.Principal, in.User)
			}
		})
	}
}

// TestSSOPortalRoleCredentials: the credentials GetRoleCredentials hands out act as the
// AWSReservedSSO role session named after the user, for as long as the permission set says.
func TestSSOPortalRoleCredentials(t *testing.T) {
	s := setup(t)
	in := s.signedInUser(t)
	a := s.workload(t)
	ps := s.permissionSets(t, a.ID)[0]
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			requireCLI(t, c)
			before := time.Now().Truncate(time.Millisecond)
			res, _ := s.call(t, c, cliEnv(s.vars()), "sso", "get-role-credentials", "--access-token", in.Token, "--account-id", a.ID, "--role-name", ps)
			after := time.Now()
			var out struct {
				RoleCredentials struct {
					AccessKeyId, SecretAccessKey, SessionToken string
					Expiration                                 int64
				}
			}
			res.JSON(t, &out)
			rc := out.RoleCredentials
			// The portal stamps expiry = its now + the session duration, and its now lies
			// between our two readings of the clock (no allowance for slowness needed).
			dur := seed.SessionDuration(findPermissionSet(t, s, ps))
			if exp := time.UnixMilli(rc.Expiration); exp.Before(before.Add(dur)) || exp.After(after.Add(dur)) {
				t.Errorf("credentials expire at %s, want issue time + the permission set's %s", exp.UTC(), dur)
			}
			env := cliEnv(s.vars(), "AWS_ACCESS_KEY_ID="+rc.AccessKeyId, "AWS_SECRET_ACCESS_KEY="+rc.SecretAccessKey, "AWS_SESSION_TOKEN="+rc.SessionToken)
			var who struct{ Account, Arn string }
			r, _ := s.call(t, c, env, "sts", "get-caller-identity")
			r.JSON(t, &who)
			if want := s.sessionARN(t, a.ID, ps, in.User); who.Arn != want || who.Account != a.ID {
				t.Errorf("caller = %s in %s, want %s", who.Arn, who.Account, want)
			}
		})
	}
}

func TestSSOPortalRefusesExpiredToken(t *testing.T) {
	s := setup(t)
	expired := s.expiredToken(t)
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			requireCLI(t, c)
			res, call := s.call(t, c, cliEnv(s.vars()), "sso", "list-accounts", "--access-token", expired)
			if res.ErrorCode() != "UnauthorizedException" {
				t.Errorf("want UnauthorizedException, got exit %d:\n%s", res.ExitCode, res.Stderr)
			}
			if call.Status != 401 {
				t.Errorf("audited status %d, want 401", call.Status)
			}
		})
	}
}

// TestSSOProfilesCLIv1 uses the local machine's profiles the way a user does: CLI v1
// follows AWS_ENDPOINT_URL_SSO to the sandbox's portal (Debian's v2 2.9.19 cannot).
// Logged-in profiles resolve to their role session; the expired one asks for a login.
func TestSSOProfilesCLIv1(t *testing.T) {
	s := setup(t)
	requireCLI(t, s.v1)
	checked := 0
	for _, p := range s.ssoProfiles(t) {
		checked++
		t.Run(p.Name, func(t *testing.T) {
			env := cliEnv(s.vars(), "AWS_PROFILE="+p.Name)
			if p.User == "" {
				before := s.auditLen(t)
				res := s.v1.run(t, env, s.env.URL, "sts", "get-caller-identity")
				if res.ExitCode == 0 || !strings.Contains(res.Stderr, "expired") {
					t.Errorf("expired token: want a login prompt, got exit %d:\n%s", res.ExitCode, res.Stderr)
				}
				if n := s.auditLen(t) - before; n != 0 {
					t.Errorf("with an expired token the CLI still made %d calls", n)
				}
				return
			}
			res, _ := s.call(t, s.v1, env, "sts", "get-caller-identity")
			var who struct{ Arn string }
			res.JSON(t, &who)
			if want := s.sessionARN(t, p.Account, p.Role, p.User); who.Arn != want {
				t.Errorf("caller = %s, want %s", who.Arn, want)
			}
		})
	}
	if checked == 0 {
		t.Error("the scenario's local config has no SSO profile")
	}
}

// ssoProfile is an SSO profile of the local config and, if its cached token is valid, its user.
type ssoProfile struct {
	Name, Account, Role string
	// User is who the cached token signs in; empty when the token has expired.
	User string
}

// ssoProfiles reads the sandbox's ~/.aws/config and the scenario's token cache entries.
func (s *fixture) ssoProfiles(t *testing.T) []ssoProfile {
	t.Helper()
	cfg, err := ini.Load(s.env.Local.Config)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]string{} // sso-session name or start URL -> user, for valid tokens
	for _, c := range s.sc().Local.SSOCache {
		if !strings.HasPrefix(c.ExpiresIn, "-") {
			users[c.Session+c.StartURL] = c.User
		}
	}
	var out []ssoProfile
	for _, sec := range cfg.Sections() {
		name, ok := strings.CutPrefix(sec.Name(), "profile ")
		if !ok || !sec.HasKey("sso_account_id") {
			continue
		}
		key := sec.Key("sso_session").String() + sec.Key("sso_start_url").String()
		out = append(out, ssoProfile{Name: name, Account: sec.Key("sso_account_id").String(), Role: sec.Key("sso_role_name").String(), User: users[key]})
	}
	return out
}
