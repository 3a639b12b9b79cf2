package fidelity

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// TestIdentityCenterABAC starts the abac scenario (its own sandbox): the instance's access
// control attributes and the users' enterprise attributes reach both CLIs, and each user's
// role session carries their attributes as principal tags, so a
// ${aws:PrincipalTag/CostCenter} statement lets a user read their own cost center's bucket
// and refuses the other's.
func TestIdentityCenterABAC(t *testing.T) {
	setup(t) // same CI/skip rule for a missing moto
	ab := &fixture{env: sandbox.StartT(t, "abac"), v1: fx.v1, v2: fx.v2, creds: map[string][]string{}}
	ic := ab.sc().IdentityCenter
	want := []string{}
	for _, a := range ic.AccessControlAttributes {
		want = append(want, a.Key+"="+a.Source)
	}
	sort.Strings(want)
	// sessions: every logged-in sso-session of the local machine, with its user's cost center.
	type login struct{ session, user, costCenter string }
	var logins []login
	for _, c := range ab.sc().Local.SSOCache {
		for _, u := range ic.Users {
			if u.UserName == c.User && c.Session != "" {
				logins = append(logins, login{c.Session, c.User, ic.SessionTags(c.User)["CostCenter"]})
			}
		}
	}
	if len(logins) < 2 || logins[0].costCenter == logins[1].costCenter {
		t.Fatalf("the abac scenario needs two logged-in users of different cost centers: %+v", logins)
	}
	account, ps := ic.Assignments[0].Account, ic.Assignments[0].PermissionSet
	for _, c := range ab.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			admin := ab.adminEnv(t, ic.Account)
			var cfg struct {
				Status                                      string
				InstanceAccessControlAttributeConfiguration struct {
					AccessControlAttributes []struct {
						Key   string
						Value struct{ Source []string }
					}
				}
			}
			res, _ := ab.call(t, c, admin, "sso-admin", "describe-instance-access-control-attribute-configuration", "--instance-arn", ab.env.Seeded.InstanceARN)
			res.JSON(t, &cfg)
			got := []string{}
			for _, a := range cfg.InstanceAccessControlAttributeConfiguration.AccessControlAttributes {
				got = append(got, a.Key+"="+strings.Join(a.Value.Source, ","))
			}
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" || cfg.Status != "ENABLED" {
				t.Errorf("ABAC configuration, status %s (-scenario +CLI):\n%s", cfg.Status, diff)
			}
			if c.Name == "v1" { // Debian's CLI v2 2.9.19 predates the identity store's extensions
				checkEnterpriseAttributes(t, ab, c, admin, ic.Users[0])
			}
			for _, l := range logins {
				env := ab.userEnv(t, c, l.session, account, ps)
				for _, other := range logins {
					bucket := "pam-sessions-" + other.costCenter
					res, call := ab.call(t, c, env, "s3api", "list-objects-v2", "--bucket", bucket)
					if allowed := l.costCenter == other.costCenter; allowed != (res.ExitCode == 0) || (!allowed && res.ErrorCode() != "AccessDenied") {
						t.Errorf("%s (CostCenter %s) listing %s: exit %d (%s), want allowed=%v\n%s", l.user, l.costCenter, bucket, res.ExitCode, call.Decision, allowed, res.Stderr)
					}
				}
			}
		})
	}
}

// checkEnterpriseAttributes reads a user with the enterprise extension, as ABAC sources it.
func checkEnterpriseAttributes(t *testing.T, ab *fixture, c awsCLI, env []string, u scenario.ICUser) {
	t.Helper()
	var out struct {
		UserName   string
		Extensions map[string]map[string]any
	}
	res, _ := ab.call(t, c, env, "identitystore", "describe-user", "--identity-store-id", ab.env.Seeded.IdentityStoreID,
		"--user-id", ab.env.Seeded.UserIDs[u.UserName], "--extensions", "aws:identitystore:enterprise")
	res.JSON(t, &out)
	got := map[string]string{}
	for k, v := range out.Extensions["aws:identitystore:enterprise"] {
		if s, ok := v.(string); ok {
			got[k] = s
		}
	}
	want := map[string]string{}
	for k, v := range u.EnterpriseAttributes() {
		if s, ok := v.(string); ok {
			want[k] = s
		}
	}
	if diff := cmp.Diff(want, got); diff != "" || len(want) == 0 {
		t.Errorf("%s's enterprise attributes (-scenario +CLI):\n%s", u.UserName, diff)
	}
}
