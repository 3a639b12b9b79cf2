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
