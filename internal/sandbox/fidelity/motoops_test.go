package fidelity

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Moto serves these; the tests prove the CLIs parse what the seeder put there, as the
// signed-in user's role session in the workload account.

func TestSTSAndIAMRoles(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, caller := s.as(t, c, a.ID)
			var who struct{ Account, Arn string }
			res, _ := s.call(t, c, env, "sts", "get-caller-identity")
			res.JSON(t, &who)
			if who.Account != a.ID || who.Arn != caller {
				t.Errorf("caller = %s in %s, want %s", who.Arn, who.Account, caller)
			}
			for _, r := range a.Roles {
				var role struct {
					Role struct {
						RoleName, Path, Description string
						AssumeRolePolicyDocument    document
					}
				}
				res, _ := s.call(t, c, env, "iam", "get-role", "--role-name", r.Name)
				res.JSON(t, &role)
				if role.Role.RoleName != r.Name || role.Role.Path != or(r.Path, "/") || role.Role.Description != r.Description {
					t.Errorf("role %s: got name %q path %q description %q", r.Name, role.Role.RoleName, role.Role.Path, role.Role.Description)
				}
				s.sameDocument(t, r.Name+" trust policy", r.TrustPolicy, role.Role.AssumeRolePolicyDocument)

				var attached struct{ AttachedPolicies []struct{ PolicyArn string } }
				res, _ = s.call(t, c, env, "iam", "list-attached-role-policies", "--role-name", r.Name)
				res.JSON(t, &attached)
				got := []string{}
				for _, p := range attached.AttachedPolicies {
					got = append(got, p.PolicyArn)
				}
				if diff := cmp.Diff(sorted(r.ManagedPolicies), sorted(got)); diff != "" {
					t.Errorf("%s managed policies (-scenario +CLI):\n%s", r.Name, diff)
				}

				var inline struct{ PolicyNames []string }
				res, _ = s.call(t, c, env, "iam", "list-role-policies", "--role-name", r.Name)
				res.JSON(t, &inline)
				var wantNames []string
				for name, doc := range r.InlinePolicies {
					wantNames = append(wantNames, name)
					var p struct{ PolicyDocument document }
					res, _ := s.call(t, c, env, "iam", "get-role-policy", "--role-name", r.Name, "--policy-name", name)
					res.JSON(t, &p)
					s.sameDocument(t, r.Name+"/"+name, doc, p.PolicyDocument)
				}
				if diff := cmp.Diff(sorted(wantNames), sorted(inline.PolicyNames)); diff != "" {
					t.Errorf("%s inline policies (-scenario +CLI):\n%s", r.Name, diff)
				}
			}
		})
	}
}

const ssmCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"

// TestAWSManagedPolicyDocuments reads the AWS-managed policies the scenario's roles use
// through get-policy and get-policy-version: moto ships AWS's real documents.
func TestAWSManagedPolicyDocuments(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	arns := map[string]bool{}
	for _, r := range a.Roles {
		for _, p := range r.ManagedPolicies {
			if strings.HasPrefix(p, "arn:aws:iam::aws:policy/") {
				arns[p] = true
			}
		}
	}
	if len(arns) == 0 {
		t.Fatal("the workload's roles use no AWS-managed policy")
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, a.ID)
			for arn := range arns {
				var p struct {
					Policy struct{ PolicyName, DefaultVersionId string }
				}
				res, _ := s.call(t, c, env, "iam", "get-policy", "--policy-arn", arn)
				res.JSON(t, &p)
				if !strings.HasSuffix(arn, "/"+p.Policy.PolicyName) || p.Policy.DefaultVersionId == "" {
					t.Fatalf("%s: got name %q, default version %q", arn, p.Policy.PolicyName, p.Policy.DefaultVersionId)
				}
				var v struct{ PolicyVersion struct{ Document document } }
				res, _ = s.call(t, c, env, "iam", "get-policy-version", "--policy-arn", arn, "--version-id", p.Policy.DefaultVersionId)
				res.JSON(t, &v)
				doc, _ := v.PolicyVersion.Document.v.(map[string]any)
				if stmts, _ := doc["Statement"].([]any); len(stmts) == 0 {
					t.Errorf("%s: the document has no statements: %v", arn, v.PolicyVersion.Document.v)
				}
				if arn != ssmCore {
					continue
				}
				// The one fact of AWS's document the readiness checks rely on.
				for _, action := range []string{"ssmmessages:OpenDataChannel", "ssmmessages:CreateControlChannel", "ec2messages:GetMessages"} {
					if !strings.Contains(res.Stdout, `"`+action+`"`) {
						t.Errorf("AmazonSSMManagedInstanceCore lacks %s", action)
					}
				}
			}
		})
	}
}

func sorted(v []string) []string {
	out := append([]string{}, v...)
	sort.Strings(out)
	return out
}
