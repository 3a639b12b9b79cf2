package fidelity

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// ruleText renders a scenario rule the way ruleFromCLI renders the CLI's answer.
func ruleText(group, dir string, r scenario.Rule) string {
	proto := or(r.Protocol, "tcp")
	if proto == "-1" {
		return fmt.Sprintf("%s %s all %s", group, dir, r.CIDR)
	}
	return fmt.Sprintf("%s %s %s %d-%d %s", group, dir, proto, r.FromPort, max(r.ToPort, r.FromPort), r.CIDR)
}

type ipPermission struct {
	IpProtocol       string
	FromPort, ToPort int32
	IpRanges         []struct{ CidrIp string }
}

func ruleFromCLI(group, dir string, p ipPermission) []string {
	var out []string
	for _, r := range p.IpRanges {
		if p.IpProtocol == "-1" {
			out = append(out, fmt.Sprintf("%s %s all %s", group, dir, r.CidrIp))
		} else {
			out = append(out, fmt.Sprintf("%s %s %s %d-%d %s", group, dir, p.IpProtocol, p.FromPort, p.ToPort, r.CidrIp))
		}
	}
	return out
}

// TestSecurityGroupsProfilesAndBuckets: the rest of what readiness checks read, the
// security group rules on the path to the endpoints, the instance profile's role and the
// logging bucket's default encryption.
func TestSecurityGroupsProfilesAndBuckets(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	want := []string{}
	for _, v := range a.VPCs {
		for _, g := range v.SecurityGroups {
			for _, r := range g.Ingress {
				want = append(want, ruleText(g.Name, "in", r))
			}
			egress := g.Egress
			if len(egress) == 0 { // EC2's default egress rule
				egress = []scenario.Rule{{Protocol: "-1", CIDR: "0.0.0.0/0"}}
			}
			for _, r := range egress {
				want = append(want, ruleText(g.Name, "out", r))
			}
		}
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, a.ID)
			var sgs struct {
				SecurityGroups []struct {
					GroupName                          string
					IpPermissions, IpPermissionsEgress []ipPermission
				}
			}
			res, _ := s.call(t, c, env, "ec2", "describe-security-groups")
			res.JSON(t, &sgs)
			got := []string{}
			for _, g := range sgs.SecurityGroups {
				if g.GroupName == "default" {
					continue
				}
				for _, p := range g.IpPermissions {
					got = append(got, ruleFromCLI(g.GroupName, "in", p)...)
				}
				for _, p := range g.IpPermissionsEgress {
					got = append(got, ruleFromCLI(g.GroupName, "out", p)...)
				}
			}
			if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
				t.Errorf("security group rules (-scenario +CLI):\n%s", diff)
			}

			for _, r := range a.Roles {
				if !r.InstanceProfile {
					continue
				}
				var p struct {
					InstanceProfile struct{ Roles []struct{ RoleName string } }
				}
				res, _ := s.call(t, c, env, "iam", "get-instance-profile", "--instance-profile-name", r.Name)
				res.JSON(t, &p)
				if len(p.InstanceProfile.Roles) != 1 || p.InstanceProfile.Roles[0].RoleName != r.Name {
					t.Errorf("instance profile %s holds %+v, want role %s", r.Name, p.InstanceProfile.Roles, r.Name)
				}
			}

			for _, b := range a.Buckets {
				if b.KMSKey == "" {
					continue
				}
				var enc struct {
					ServerSideEncryptionConfiguration struct {
						Rules []struct {
							ApplyServerSideEncryptionByDefault struct{ SSEAlgorithm, KMSMasterKeyID string }
						}
					}
				}
				res, _ := s.call(t, c, env, "s3api", "get-bucket-encryption", "--bucket", b.Name)
				res.JSON(t, &enc)
				rules := enc.ServerSideEncryptionConfiguration.Rules
				wantRule := "aws:kms " + s.env.Seeded.KeyARNs[b.KMSKey]
				if len(rules) != 1 || rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm+" "+rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID != wantRule {
					t.Errorf("bucket %s encryption = %+v, want %s", b.Name, rules, wantRule)
				}
			}
		})
	}
}
