package fidelity

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// nodeRow is what the suite reads from DescribeInstanceInformation.
type nodeRow struct {
	InstanceID, PingStatus, AgentVersion, PlatformName, PlatformVersion, ComputerName, IPAddress string
}

func (s *fixture) wantNodes(t *testing.T, keep func(scenario.Instance) bool) []nodeRow {
	t.Helper()
	rows := []nodeRow{}
	for _, in := range s.workload(t).Instances {
		if in.SSM == nil || !keep(in) {
			continue
		}
		m := in.SSM
		rows = append(rows, nodeRow{s.env.Seeded.InstanceIDs[in.Name], m.PingStatus, m.AgentVersion, m.PlatformName, m.PlatformVersion, m.ComputerName, m.IPAddress})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].InstanceID < rows[j].InstanceID })
	return rows
}

func TestDescribeInstanceInformation(t *testing.T) {
	s := setup(t)
	all := func(scenario.Instance) bool { return true }
	tests := []struct {
		name string
		args []string
		keep func(scenario.Instance) bool
	}{
		{"all nodes", nil, all},
		{"tag filter", []string{"--filters", "Key=tag:ssmaccess,Values=true"}, func(in scenario.Instance) bool { return in.Tags["ssmaccess"] == "true" }},
		{"ping filter", []string{"--filters", "Key=PingStatus,Values=ConnectionLost"}, func(in scenario.Instance) bool { return in.SSM.PingStatus == "ConnectionLost" }},
		{"legacy id filter", []string{"--instance-information-filter-list", "key=InstanceIds,valueSet=" + s.firstManaged(t)},
			func(in scenario.Instance) bool { return s.env.Seeded.InstanceIDs[in.Name] == s.firstManaged(t) }},
	}
	for _, tt := range tests {
		for _, c := range s.clis() {
			t.Run(tt.name+"/"+c.Name, func(t *testing.T) {
				t.Parallel()
				requireCLI(t, c)
				env, caller := s.as(t, c, s.workload(t).ID)
				res, call := s.call(t, c, env, append([]string{"ssm", "describe-instance-information"}, tt.args...)...)
				var out struct {
					InstanceInformationList []struct {
						InstanceId, PingStatus, AgentVersion, PlatformName, PlatformVersion, ComputerName, IPAddress string
					}
				}
				res.JSON(t, &out)
				got := []nodeRow{}
				for _, n := range out.InstanceInformationList {
					got = append(got, nodeRow{n.InstanceId, n.PingStatus, n.AgentVersion, n.PlatformName, n.PlatformVersion, n.ComputerName, n.IPAddress})
				}
				sort.Slice(got, func(i, j int) bool { return got[i].InstanceID < got[j].InstanceID })
				if diff := cmp.Diff(s.wantNodes(t, tt.keep), got); diff != "" {
					t.Errorf("managed nodes (-scenario +CLI):\n%s", diff)
				}
				if call.Principal != caller || call.Served != "gateway" {
					t.Errorf("audited as %q served by %s, want %q served by the gateway", call.Principal, call.Served, caller)
				}
			})
		}
	}
}

// firstManaged is the id of the first workload instance SSM manages.
func (s *fixture) firstManaged(t *testing.T) string {
	t.Helper()
	for _, in := range s.workload(t).Instances {
		if in.SSM != nil {
			return s.env.Seeded.InstanceIDs[in.Name]
		}
	}
	t.Fatal("the workload has no SSM-managed instance")
	return ""
}

func TestServiceSettingsAndConnectionStatus(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	var want []string
	want = append(want, "activation-tier="+or(a.ServiceSettings.ActivationTier, "standard"),
		"default-ec2-instance-management-role="+or(a.ServiceSettings.DefaultHostManagementRole, "$None"))
	for _, in := range a.Instances {
		if in.SSM != nil {
			want = append(want, in.Name+"="+strings.ToLower(or(in.SSM.Connection, "connected")))
		}
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, a.ID)
			var got []string
			for _, id := range []string{"activation-tier", "default-ec2-instance-management-role"} {
				res, _ := s.call(t, c, env, "ssm", "get-service-setting", "--setting-id", "/ssm/managed-instance/"+id)
				var out struct{ ServiceSetting struct{ SettingValue string } }
				res.JSON(t, &out)
				got = append(got, id+"="+out.ServiceSetting.SettingValue)
			}
			for _, in := range a.Instances {
				if in.SSM == nil {
					continue
				}
				res, _ := s.call(t, c, env, "ssm", "get-connection-status", "--target", s.env.Seeded.InstanceIDs[in.Name])
				var out struct{ Target, Status string }
				res.JSON(t, &out)
				got = append(got, in.Name+"="+out.Status)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-scenario +CLI):\n%s", diff)
			}
		})
	}
}

func TestDescribeSessions(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	want := map[string][]string{"Active": {}, "History": {}}
	lookup := seed.Lookup(s.sc(), s.env.Seeded)
	for _, ss := range a.Sessions {
		target, err1 := scenario.Expand(ss.Target, lookup)
		owner, err2 := scenario.Expand(ss.Owner, lookup)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		state := map[bool]string{true: "Active", false: "History"}[ss.Active()]
		want[state] = append(want[state], strings.Join([]string{ss.ID, target, owner, or(ss.Status, "Connected"), ss.Document, ss.Reason}, " "))
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, a.ID)
			got := map[string][]string{}
			for _, state := range []string{"Active", "History"} {
				res, _ := s.call(t, c, env, "ssm", "describe-sessions", "--state", state)
				var out struct {
					Sessions []struct{ SessionId, Target, Owner, Status, DocumentName, Reason string }
				}
				res.JSON(t, &out)
				got[state] = []string{}
				for _, x := range out.Sessions {
					got[state] = append(got[state], strings.Join([]string{x.SessionId, x.Target, x.Owner, x.Status, x.DocumentName, x.Reason}, " "))
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("sessions (-scenario +CLI):\n%s", diff)
			}
		})
	}
}

// TestSimulatePrincipalPolicy: who may simulate is IAM's call (iam:SimulatePrincipalPolicy on
// the source), and the answer is the IAM model's evaluation of the source's policies, with
// the statements that decided. The seed's permission sets: AdministratorAccess allows all,
// ReadOnlyAccess allows iam:Simulate* but not ssm:StartSession, the port-forwarding set has
// no iam:SimulatePrincipalPolicy.
func TestSimulatePrincipalPolicy(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	user := s.signedInUser(t).User
	want := map[string]string{"AdministratorAccess": "allowed aws-managed:AdministratorAccess", "ReadOnlyDev": "implicitDeny", "EC2-SSM-PortForward": "AccessDenied"}
	instance := "arn:aws:ec2:" + s.sc().Region + ":" + a.ID + ":instance/" + s.firstManaged(t)
	for _, ps := range s.permissionSets(t, a.ID) {
		caller, source := s.sessionARN(t, a.ID, ps, user), s.env.Seeded.ReservedRoles[a.ID+"/"+ps]
		for _, c := range s.clis() {
			t.Run(ps+"/"+c.Name, func(t *testing.T) {
				t.Parallel()
				requireCLI(t, c)
				res, call := s.call(t, c, s.roleEnv(t, c, a.ID, ps), "iam", "simulate-principal-policy", "--policy-source-arn", source,
					"--action-names", "ssm:StartSession", "--resource-arns", instance,
					"--context-entries", "ContextKeyName=aws:RequestedRegion,ContextKeyValues="+s.sc().Region+",ContextKeyType=string")
				if want[ps] == "AccessDenied" {
					if res.ErrorCode() != "AccessDenied" || call.Decision != "denied" ||
						!strings.Contains(res.Stderr, "User: "+caller+" is not authorized to perform: iam:SimulatePrincipalPolicy on resource: "+source) {
						t.Errorf("want AccessDenied naming %s and the source role, got exit %d (audited %s):\n%s", caller, res.ExitCode, call.Decision, res.Stderr)
					}
					return
				}
				var out struct {
					EvaluationResults []struct {
						EvalDecision      string
						MatchedStatements []struct{ SourcePolicyId, SourcePolicyType string }
					}
				}
				res.JSON(t, &out)
				got := ""
				for _, r := range out.EvaluationResults {
					got = r.EvalDecision
					for _, m := range r.MatchedStatements {
						got += " " + m.SourcePolicyType + ":" + m.SourcePolicyId
					}
				}
				if got != want[ps] {
					t.Errorf("evaluation = %q, want %q", got, want[ps])
				}
			})
		}
	}
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
