package fidelity

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// TestIdentityCenterABAC: the instance's access control attributes and the users' enterprise
// attributes (what ABAC sources session tags from) reach both CLIs as the scenario defines
// them. Whether the tags decide reads is the sandbox package's scenario tests' job.
func TestIdentityCenterABAC(t *testing.T) {
	s := setup(t)
	ic := s.sc().IdentityCenter
	if len(ic.AccessControlAttributes) == 0 {
		t.Fatal("the scenario has no ABAC configuration to read")
	}
	want := []string{}
	for _, a := range ic.AccessControlAttributes {
		want = append(want, a.Key+"="+a.Source)
	}
	sort.Strings(want)
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, ic.Account)
			var cfg struct {
				Status                                      string
				InstanceAccessControlAttributeConfiguration struct {
					AccessControlAttributes []struct {
						Key   string
						Value struct{ Source []string }
					}
				}
			}
			res, _ := s.call(t, c, env, "sso-admin", "describe-instance-access-control-attribute-configuration", "--instance-arn", s.env.Seeded.InstanceARN)
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
				checkEnterpriseAttributes(t, s, c, env, ic.Users[0])
			}
		})
	}
}

// checkEnterpriseAttributes reads a user with the enterprise extension, as ABAC sources it.
func checkEnterpriseAttributes(t *testing.T, s *fixture, c awsCLI, env []string, u scenario.ICUser) {
	t.Helper()
	var out struct {
		UserName   string
		Extensions map[string]map[string]any
	}
	res, _ := s.call(t, c, env, "identitystore", "describe-user", "--identity-store-id", s.env.Seeded.IdentityStoreID,
		"--user-id", s.env.Seeded.UserIDs[u.UserName], "--extensions", "aws:identitystore:enterprise")
	res.JSON(t, &out)
	got := map[string]string{}
	for k, v := range out.Extensions["aws:identitystore:enterprise"] {
		if str, ok := v.(string); ok {
			got[k] = str
		}
	}
	want := map[string]string{}
	for k, v := range u.EnterpriseAttributes() {
		if str, ok := v.(string); ok {
			want[k] = str
		}
	}
	if diff := cmp.Diff(want, got); diff != "" || len(want) == 0 {
		t.Errorf("%s's enterprise attributes (-scenario +CLI):\n%s", u.UserName, diff)
	}
}
