package fidelity

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// wantSCPs is, from the scenario alone, the SCP names attached directly to a target: its
// name is "root", an OU name or an account id.
func wantSCPs(org *scenario.Organization, target string) []string {
	out := []string{}
	if !slices.Contains(org.WithoutFullAWSAccess, target) {
		out = append(out, "FullAWSAccess")
	}
	for _, p := range org.SCPs {
		if slices.Contains(p.TargetsOrRoot(), target) {
			out = append(out, p.Name)
		}
	}
	return out
}

// TestOrganizationTree walks the organization as a tool would from the management account:
// each member account's parents up to the root, the SCPs attached at every level, where
// each SCP is attached, and the accounts page by page; all as the scenario defines it.
func TestOrganizationTree(t *testing.T) {
	s := setup(t)
	org := s.sc().Organization
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, org.ManagementAccount)
			var roots struct{ Roots []struct{ Id string } }
			res, _ := s.call(t, c, env, "organizations", "list-roots")
			res.JSON(t, &roots)
			if len(roots.Roots) != 1 {
				t.Fatalf("roots = %+v", roots)
			}
			root := roots.Roots[0].Id
			for _, a := range s.sc().Accounts {
				var got, want []string
				for id := a.ID; id != root; {
					var p struct{ Parents []struct{ Id, Type string } }
					res, _ := s.call(t, c, env, "organizations", "list-parents", "--child-id", id)
					res.JSON(t, &p)
					if len(p.Parents) != 1 {
						t.Fatalf("parents of %s = %+v", id, p)
					}
					name := a.ID
					if id != a.ID {
						var u struct{ OrganizationalUnit struct{ Name string } }
						res, _ := s.call(t, c, env, "organizations", "describe-organizational-unit", "--organizational-unit-id", id)
						res.JSON(t, &u)
						name = u.OrganizationalUnit.Name
					}
					got = append(got, name+"="+strings.Join(s.policiesFor(t, c, env, id), ","))
					want = append(want, name+"="+strings.Join(wantSCPs(org, name), ","))
					id = p.Parents[0].Id
				}
				got = append(got, "root="+strings.Join(s.policiesFor(t, c, env, root), ","))
				want = append(want, "root="+strings.Join(wantSCPs(org, scenario.RootTarget), ","))
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("SCPs from %s up to the root (-scenario +CLI):\n%s", a.ID, diff)
				}
			}
			s.checkPolicyTargets(t, c, env, root)
			var first, rest struct {
				Accounts  []struct{ Id string }
				NextToken string
			}
			s.call1(t, c, env, "organizations", "list-accounts", "--max-items", "1").JSON(t, &first)
			s.call1(t, c, env, "organizations", "list-accounts", "--starting-token", first.NextToken).JSON(t, &rest)
			if n := len(first.Accounts) + len(rest.Accounts); first.NextToken == "" || n != len(s.sc().Accounts) {
				t.Errorf("accounts over two pages: %d (next token %q), want %d", n, first.NextToken, len(s.sc().Accounts))
			}
		})
	}
}

// checkPolicyTargets: where each SCP is attached, and what each root or OU holds, through
// list-targets-for-policy, list-organizational-units-for-parent and list-accounts-for-parent;
// unknown ids get Organizations' own errors.
func (s *fixture) checkPolicyTargets(t *testing.T, c awsCLI, env []string, root string) {
	t.Helper()
	org := s.sc().Organization
	var policies struct{ Policies []struct{ Id, Name string } }
	res, _ := s.call(t, c, env, "organizations", "list-policies", "--filter", "SERVICE_CONTROL_POLICY")
	res.JSON(t, &policies)
	for _, p := range policies.Policies {
		var out struct{ Targets []struct{ Name, Type string } }
		res, _ := s.call(t, c, env, "organizations", "list-targets-for-policy", "--policy-id", p.Id)
		res.JSON(t, &out)
		got := []string{}
		for _, tg := range out.Targets {
			got = append(got, tg.Type+":"+tg.Name)
		}
		want := []string{}
		for _, sp := range org.SCPs {
			if sp.Name == p.Name {
				for _, tg := range sp.TargetsOrRoot() {
					want = append(want, s.targetName(tg))
				}
			}
		}
		if p.Name == "FullAWSAccess" {
			continue // everywhere but withoutFullAWSAccess: checked level by level above
		}
		if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
			t.Errorf("targets of %s (-scenario +CLI):\n%s", p.Name, diff)
		}
	}
	wantUnits := map[string][]string{scenario.RootTarget: {}}
	wantAccounts := map[string][]string{scenario.RootTarget: {}}
	placed := map[string]bool{}
	org.Walk(func(u *scenario.OrgUnit, parent string) {
		wantUnits[cmpOr(parent, scenario.RootTarget)] = append(wantUnits[cmpOr(parent, scenario.RootTarget)], u.Name)
		wantUnits[u.Name] = append(wantUnits[u.Name], []string{}...)
		wantAccounts[u.Name] = append([]string{}, u.Accounts...)
		for _, a := range u.Accounts {
			placed[a] = true
		}
	})
	for _, a := range s.sc().Accounts {
		if !placed[a.ID] {
			wantAccounts[scenario.RootTarget] = append(wantAccounts[scenario.RootTarget], a.ID)
		}
	}
	gotUnits, gotAccounts := map[string][]string{}, map[string][]string{}
	var walk func(id, name string)
	walk = func(id, name string) {
		var ous struct{ OrganizationalUnits []struct{ Id, Name string } }
		res, _ := s.call(t, c, env, "organizations", "list-organizational-units-for-parent", "--parent-id", id)
		res.JSON(t, &ous)
		var accts struct{ Accounts []struct{ Id string } }
		res, _ = s.call(t, c, env, "organizations", "list-accounts-for-parent", "--parent-id", id)
		res.JSON(t, &accts)
		gotUnits[name], gotAccounts[name] = []string{}, []string{}
		for _, a := range accts.Accounts {
			gotAccounts[name] = append(gotAccounts[name], a.Id)
		}
		for _, u := range ous.OrganizationalUnits {
			gotUnits[name] = append(gotUnits[name], u.Name)
			walk(u.Id, u.Name)
		}
	}
	walk(root, scenario.RootTarget)
	for k := range wantUnits {
		wantUnits[k], wantAccounts[k] = sorted(wantUnits[k]), sorted(wantAccounts[k])
	}
	for k := range gotUnits {
		gotUnits[k], gotAccounts[k] = sorted(gotUnits[k]), sorted(gotAccounts[k])
	}
	if diff := cmp.Diff(wantUnits, gotUnits); diff != "" {
		t.Errorf("OUs per parent (-scenario +CLI):\n%s", diff)
	}
	if diff := cmp.Diff(wantAccounts, gotAccounts); diff != "" {
		t.Errorf("accounts per parent (-scenario +CLI):\n%s", diff)
	}
	for _, bad := range [][]string{{"list-parents", "--child-id", "999999999999", "ChildNotFoundException"},
		{"describe-policy", "--policy-id", "p-00000000", "PolicyNotFoundException"}} {
		if res, _ := s.call(t, c, env, append([]string{"organizations"}, bad[:len(bad)-1]...)...); res.ErrorCode() != bad[len(bad)-1] {
			t.Errorf("organizations %s: exit %d, want %s\n%s", bad[0], res.ExitCode, bad[len(bad)-1], res.Stderr)
		}
	}
}

// targetName is how list-targets-for-policy names a scenario target: TYPE:Name.
func (s *fixture) targetName(target string) string {
	if target == scenario.RootTarget {
		return "ROOT:Root"
	}
	if a := s.sc().AccountByID(target); a != nil {
		return "ACCOUNT:" + a.Name
	}
	return "ORGANIZATIONAL_UNIT:" + target
}

func cmpOr(a, b string) string {
	if a == "" {
		return b
	}
	return a
}

// policiesFor lists the SCP names attached directly to a target, through the CLI.
func (s *fixture) policiesFor(t *testing.T, c awsCLI, env []string, target string) []string {
	t.Helper()
	var out struct{ Policies []struct{ Name string } }
	res, _ := s.call(t, c, env, "organizations", "list-policies-for-target", "--target-id", target, "--filter", "SERVICE_CONTROL_POLICY")
	res.JSON(t, &out)
	names := []string{}
	for _, p := range out.Policies {
		names = append(names, p.Name)
	}
	return names
}

// call1 runs a CLI command without looking for it in the audit log (paged commands make
// several calls).
func (s *fixture) call1(t *testing.T, c awsCLI, env []string, args ...string) cliResult {
	t.Helper()
	return c.run(t, env, s.env.URL, args...)
}

// TestSCPsApplyToMembersNotTheManagementAccount: the workload OU's SCP refuses a region
// outside the EU to the workload account's administrator, with AWS's wording, while the
// management account, which SCPs never restrict, is answered; and a member account may
// describe its organization but not list its roots.
func TestSCPsApplyToMembersNotTheManagementAccount(t *testing.T) {
	s := setup(t)
	org := s.sc().Organization
	a := s.workload(t)
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, caller := s.as(t, c, a.ID)
			res, call := s.call(t, c, env, "ssm", "describe-instance-information", "--region", "us-east-1")
			want := "User: " + caller + " is not authorized to perform: ssm:DescribeInstanceInformation with an explicit deny in a service control policy"
			if res.ErrorCode() != "AccessDeniedException" || !strings.Contains(res.Stderr, want) || call.Decision != "denied" {
				t.Errorf("member account outside the EU: exit %d (%s), want AccessDeniedException: %s\n%s", res.ExitCode, call.Decision, want, res.Stderr)
			}
			// SSM is regional: the same administrator sees the account's nodes in their region
			// and none in another EU region the SCP allows.
			var nodes struct{ InstanceInformationList []struct{ InstanceId string } }
			res, _ = s.call(t, c, env, "ssm", "describe-instance-information", "--region", "eu-central-1")
			res.JSON(t, &nodes)
			if len(nodes.InstanceInformationList) != 0 {
				t.Errorf("eu-central-1 lists %d nodes of %s's region", len(nodes.InstanceInformationList), s.sc().Region)
			}
			mgmt, _ := s.as(t, c, org.ManagementAccount)
			if res, call := s.call(t, c, mgmt, "ssm", "describe-instance-information", "--region", "us-east-1"); res.ExitCode != 0 || call.Decision != "allowed" {
				t.Errorf("management account: exit %d (%s), want an answer: SCPs do not apply to it\n%s", res.ExitCode, call.Decision, res.Stderr)
			}
			var o struct {
				Organization struct{ Id, MasterAccountId string }
			}
			res, _ = s.call(t, c, env, "organizations", "describe-organization")
			res.JSON(t, &o)
			if o.Organization.Id != s.env.Org.ID || o.Organization.MasterAccountId != org.ManagementAccount {
				t.Errorf("describe-organization from a member = %+v", o)
			}
			if res, _ := s.call(t, c, env, "organizations", "list-roots"); res.ErrorCode() != "AccessDeniedException" {
				t.Errorf("list-roots from a member account: exit %d, want AccessDeniedException\n%s", res.ExitCode, res.Stderr)
			}
		})
	}
}
