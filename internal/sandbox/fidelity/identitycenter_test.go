package fidelity

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// TestIdentityCenterAdmin reads Identity Center as its owning account's administrator:
// permission sets, their policies and the account assignments, as the scenario defines.
// Calls that do not depend on each other run as parallel subtests (one CLI process each).
func TestIdentityCenterAdmin(t *testing.T) {
	s := setup(t)
	ic := s.sc().IdentityCenter
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, ic.Account)
			var inst struct {
				Instances []struct{ InstanceArn, IdentityStoreId string }
			}
			res, _ := s.call(t, c, env, "sso-admin", "list-instances")
			res.JSON(t, &inst)
			if len(inst.Instances) != 1 || inst.Instances[0].InstanceArn != s.env.Seeded.InstanceARN || inst.Instances[0].IdentityStoreId != s.env.Seeded.IdentityStoreID {
				t.Fatalf("instances = %+v, want the seeded %s", inst.Instances, s.env.Seeded.InstanceARN)
			}
			var list struct{ PermissionSets []string }
			res, _ = s.call(t, c, env, "sso-admin", "list-permission-sets", "--instance-arn", s.env.Seeded.InstanceARN)
			res.JSON(t, &list)
			want := []string{}
			for _, ps := range ic.PermissionSets {
				want = append(want, s.env.Seeded.PermissionSetARNs[ps.Name])
			}
			if diff := cmp.Diff(sorted(want), sorted(list.PermissionSets)); diff != "" {
				t.Fatalf("permission set ARNs (-seeded +CLI):\n%s", diff)
			}
			for _, ps := range ic.PermissionSets {
				t.Run(ps.Name, func(t *testing.T) {
					t.Parallel()
					s.checkPermissionSet(t, c, env, ps)
				})
			}
			s.checkAssignments(t, c, env)
		})
	}
}

// checkPermissionSet describes one permission set and reads its inline and managed policies.
func (s *fixture) checkPermissionSet(t *testing.T, c awsCLI, env []string, ps scenario.PermissionSet) {
	t.Helper()
	instance, arn := s.env.Seeded.InstanceARN, s.env.Seeded.PermissionSetARNs[ps.Name]
	var d struct {
		PermissionSet struct{ Name, SessionDuration string }
	}
	res, _ := s.call(t, c, env, "sso-admin", "describe-permission-set", "--instance-arn", instance, "--permission-set-arn", arn)
	res.JSON(t, &d)
	if got, want := d.PermissionSet.Name+" "+d.PermissionSet.SessionDuration, ps.Name+" "+or(ps.SessionDuration, "PT1H"); got != want {
		t.Errorf("permission set = %q, want %q", got, want)
	}
	if !ps.InlinePolicy.IsZero() {
		var p struct{ InlinePolicy document }
		res, _ := s.call(t, c, env, "sso-admin", "get-inline-policy-for-permission-set", "--instance-arn", instance, "--permission-set-arn", arn)
		res.JSON(t, &p)
		s.sameDocument(t, ps.Name+" inline policy", ps.InlinePolicy, p.InlinePolicy)
	}
	var m struct{ AttachedManagedPolicies []struct{ Arn string } }
	res, _ = s.call(t, c, env, "sso-admin", "list-managed-policies-in-permission-set", "--instance-arn", instance, "--permission-set-arn", arn)
	res.JSON(t, &m)
	gotARNs := []string{}
	for _, p := range m.AttachedManagedPolicies {
		gotARNs = append(gotARNs, p.Arn)
	}
	if diff := cmp.Diff(sorted(ps.ManagedPolicies), sorted(gotARNs)); diff != "" {
		t.Errorf("%s managed policies (-scenario +CLI):\n%s", ps.Name, diff)
	}
}

// checkAssignments lists each (account, permission set) pair's assignments, one parallel
// subtest per pair, and expects the scenario's users and groups by identity store id.
func (s *fixture) checkAssignments(t *testing.T, c awsCLI, env []string) {
	t.Helper()
	want := map[[2]string][]string{}
	for _, a := range s.sc().IdentityCenter.Assignments {
		p := [2]string{a.Account, a.PermissionSet}
		if a.Group != "" {
			want[p] = append(want[p], "GROUP "+s.env.Seeded.GroupIDs[a.Group])
		} else {
			want[p] = append(want[p], "USER "+s.env.Seeded.UserIDs[a.User])
		}
	}
	for p, principals := range want {
		t.Run("assignments "+p[0]+" "+p[1], func(t *testing.T) {
			t.Parallel()
			var out struct {
				AccountAssignments []struct{ AccountId, PrincipalType, PrincipalId string }
			}
			res, _ := s.call(t, c, env, "sso-admin", "list-account-assignments", "--instance-arn", s.env.Seeded.InstanceARN,
				"--account-id", p[0], "--permission-set-arn", s.env.Seeded.PermissionSetARNs[p[1]])
			res.JSON(t, &out)
			got := []string{}
			for _, a := range out.AccountAssignments {
				if a.AccountId != p[0] {
					t.Errorf("assignment in account %s, asked for %s", a.AccountId, p[0])
				}
				got = append(got, a.PrincipalType+" "+a.PrincipalId)
			}
			if diff := cmp.Diff(sorted(principals), sorted(got)); diff != "" {
				t.Errorf("account assignments (-scenario +CLI):\n%s", diff)
			}
		})
	}
}

// TestIdentityStore: users, groups and memberships, the way ssm-canconnect resolves a user.
func TestIdentityStore(t *testing.T) {
	s := setup(t)
	ic := s.sc().IdentityCenter
	store := s.env.Seeded.IdentityStoreID
	wantUsers, wantGroups := []string{}, []string{}
	for _, u := range ic.Users {
		wantUsers = append(wantUsers, u.UserName+" "+or(u.DisplayName, u.UserName)+" "+u.Email)
	}
	for _, g := range ic.Groups {
		members := append([]string{}, g.Members...)
		sort.Strings(members)
		wantGroups = append(wantGroups, g.Name+" "+g.Description+" "+"["+strings.Join(members, ",")+"]")
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, ic.Account)
			var users struct {
				Users []struct {
					UserName, UserId, DisplayName string
					Emails                        []struct{ Value string }
				}
			}
			res, _ := s.call(t, c, env, "identitystore", "list-users", "--identity-store-id", store)
			res.JSON(t, &users)
			names := map[string]string{}
			gotUsers := []string{}
			for _, u := range users.Users {
				names[u.UserId] = u.UserName
				email := ""
				if len(u.Emails) > 0 {
					email = u.Emails[0].Value
				}
				gotUsers = append(gotUsers, u.UserName+" "+u.DisplayName+" "+email)
			}
			var groups struct {
				Groups []struct{ GroupId, DisplayName, Description string }
			}
			res, _ = s.call(t, c, env, "identitystore", "list-groups", "--identity-store-id", store)
			res.JSON(t, &groups)
			gotGroups := []string{}
			for _, g := range groups.Groups {
				var m struct {
					GroupMemberships []struct{ MemberId struct{ UserId string } }
				}
				res, _ := s.call(t, c, env, "identitystore", "list-group-memberships", "--identity-store-id", store, "--group-id", g.GroupId)
				res.JSON(t, &m)
				members := []string{}
				for _, x := range m.GroupMemberships {
					members = append(members, names[x.MemberId.UserId])
				}
				sort.Strings(members)
				gotGroups = append(gotGroups, g.DisplayName+" "+g.Description+" "+"["+strings.Join(members, ",")+"]")
			}
			if diff := cmp.Diff(sorted(wantUsers), sorted(gotUsers)); diff != "" {
				t.Errorf("users (-scenario +CLI):\n%s", diff)
			}
			if diff := cmp.Diff(sorted(wantGroups), sorted(gotGroups)); diff != "" {
				t.Errorf("groups (-scenario +CLI):\n%s", diff)
			}
		})
	}
}

// TestServiceControlPolicies reads the organization's SCPs from its management account.
func TestServiceControlPolicies(t *testing.T) {
	s := setup(t)
	org := s.sc().Organization
	if org == nil || len(org.SCPs) == 0 {
		t.Fatal("the scenario has no SCP")
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, org.ManagementAccount)
			var list struct{ Policies []struct{ Id, Name string } }
			res, _ := s.call(t, c, env, "organizations", "list-policies", "--filter", "SERVICE_CONTROL_POLICY")
			res.JSON(t, &list)
			ids := map[string]string{}
			for _, p := range list.Policies {
				ids[p.Name] = p.Id
			}
			for _, scp := range org.SCPs {
				if ids[scp.Name] == "" {
					t.Errorf("SCP %s is not listed: %v", scp.Name, list.Policies)
					continue
				}
				var p struct{ Policy struct{ Content document } }
				res, _ := s.call(t, c, env, "organizations", "describe-policy", "--policy-id", ids[scp.Name])
				res.JSON(t, &p)
				s.sameDocument(t, "SCP "+scp.Name, scp.Document, p.Policy.Content)
			}
		})
	}
}

// TestProvisionedPermissionSets: where each permission set is provisioned, both ways round,
// is every account with an assignment of it (Identity Center provisions on assignment).
func TestProvisionedPermissionSets(t *testing.T) {
	s := setup(t)
	ic := s.sc().IdentityCenter
	want := map[string][]string{}     // permission set -> accounts
	wantSets := map[string][]string{} // account -> permission set ARNs
	for _, a := range ic.Assignments {
		arn := s.env.Seeded.PermissionSetARNs[a.PermissionSet]
		if !slices.Contains(want[a.PermissionSet], a.Account) {
			want[a.PermissionSet] = append(want[a.PermissionSet], a.Account)
			wantSets[a.Account] = append(wantSets[a.Account], arn)
		}
	}
	for k := range want {
		want[k] = sorted(want[k])
	}
	for k := range wantSets {
		wantSets[k] = sorted(wantSets[k])
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, ic.Account)
			got, gotSets := map[string][]string{}, map[string][]string{}
			for _, ps := range ic.PermissionSets {
				var out struct{ AccountIds []string }
				res, _ := s.call(t, c, env, "sso-admin", "list-accounts-for-provisioned-permission-set", "--instance-arn", s.env.Seeded.InstanceARN,
					"--permission-set-arn", s.env.Seeded.PermissionSetARNs[ps.Name])
				res.JSON(t, &out)
				if len(out.AccountIds) > 0 {
					got[ps.Name] = sorted(out.AccountIds)
				}
			}
			for account := range wantSets {
				// Page by one, as a tool with many permission sets would (the CLI follows NextToken).
				var first, rest struct {
					PermissionSets []string
					NextToken      string
				}
				args := []string{"sso-admin", "list-permission-sets-provisioned-to-account", "--instance-arn", s.env.Seeded.InstanceARN, "--account-id", account}
				s.call1(t, c, env, append(args, "--max-items", "1")...).JSON(t, &first)
				if first.NextToken != "" {
					s.call1(t, c, env, append(args, "--starting-token", first.NextToken)...).JSON(t, &rest)
				}
				if len(wantSets[account]) > 1 && first.NextToken == "" {
					t.Errorf("%s: %d permission sets in one page of --max-items 1", account, len(first.PermissionSets))
				}
				gotSets[account] = sorted(append(first.PermissionSets, rest.PermissionSets...))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("accounts per permission set (-assignments +CLI):\n%s", diff)
			}
			if diff := cmp.Diff(wantSets, gotSets); diff != "" {
				t.Errorf("permission sets per account (-assignments +CLI):\n%s", diff)
			}
			res, _ := s.call(t, c, env, "sso-admin", "describe-instance-access-control-attribute-configuration", "--instance-arn", s.env.Seeded.InstanceARN)
			if len(ic.AccessControlAttributes) == 0 && res.ErrorCode() != "ResourceNotFoundException" {
				t.Errorf("no ABAC configuration: exit %d, want ResourceNotFoundException\n%s", res.ExitCode, res.Stderr)
			}
		})
	}
}
