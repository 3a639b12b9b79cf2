package fidelity

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type ec2Tag struct{ Key, Value string }

// tagged returns a resource's Name tag and all its tags as a map.
func tagged(tags []ec2Tag) (string, map[string]string) {
	m := map[string]string{}
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m["Name"], m
}

func TestEC2InstancesAndSubnets(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, a.ID)
			var subnets struct {
				Subnets []struct {
					SubnetId, CidrBlock, AvailabilityZone string
					Tags                                  []ec2Tag
				}
			}
			res, _ := s.call(t, c, env, "ec2", "describe-subnets")
			res.JSON(t, &subnets)
			subnetIDs := map[string]string{}
			got := []string{}
			for _, sn := range subnets.Subnets {
				if name, _ := tagged(sn.Tags); name != "" {
					subnetIDs[name] = sn.SubnetId
					got = append(got, name+" "+sn.CidrBlock+" "+sn.AvailabilityZone)
				}
			}
			want := []string{}
			for _, v := range a.VPCs {
				for _, sn := range v.Subnets {
					want = append(want, sn.Name+" "+sn.CIDR+" "+or(sn.AvailabilityZone, s.sc().Region+"a"))
				}
			}
			if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
				t.Errorf("subnets (-scenario +CLI):\n%s", diff)
			}

			for _, in := range a.Instances {
				var out struct {
					Reservations []struct {
						Instances []struct {
							InstanceId, SubnetId string
							State                struct{ Name string }
							IamInstanceProfile   struct{ Arn string }
							Tags                 []ec2Tag
						}
					}
				}
				res, _ := s.call(t, c, env, "ec2", "describe-instances", "--filters", "Name=tag:Name,Values="+in.Name)
				res.JSON(t, &out)
				if len(out.Reservations) != 1 || len(out.Reservations[0].Instances) != 1 {
					t.Fatalf("instance %s: %d reservations, want one instance", in.Name, len(out.Reservations))
				}
				got := out.Reservations[0].Instances[0]
				_, tags := tagged(got.Tags)
				for k, v := range in.Tags {
					if tags[k] != v {
						t.Errorf("instance %s: tag %s = %q, want %q", in.Name, k, tags[k], v)
					}
				}
				if got.InstanceId != s.env.Seeded.InstanceIDs[in.Name] || got.SubnetId != subnetIDs[in.Subnet] || got.State.Name != or(in.State, "running") {
					t.Errorf("instance %s: id %s subnet %s state %s, want %s in %s (%s), %s", in.Name, got.InstanceId, got.SubnetId, got.State.Name,
						s.env.Seeded.InstanceIDs[in.Name], subnetIDs[in.Subnet], in.Subnet, or(in.State, "running"))
				}
				if in.InstanceProfile != "" && !strings.HasSuffix(got.IamInstanceProfile.Arn, ":instance-profile/"+in.InstanceProfile) {
					t.Errorf("instance %s: profile %q, want %s", in.Name, got.IamInstanceProfile.Arn, in.InstanceProfile)
				}
			}
		})
	}
}

// TestRouteTablesAndEndpoints is the network path of planted gap 3: what routes and VPC
// endpoints the CLIs see must be exactly the scenario's.
func TestRouteTablesAndEndpoints(t *testing.T) {
	s := setup(t)
	a := s.workload(t)
	wantRoutes, wantEndpoints := []string{}, []string{}
	for _, v := range a.VPCs {
		for _, rt := range v.RouteTables {
			for _, r := range rt.Routes {
				target := "nat"
				if r.InternetGateway {
					target = "igw"
				}
				wantRoutes = append(wantRoutes, fmt.Sprintf("%s %s->%s", rt.Name, r.Destination, target))
			}
			for _, sn := range v.Subnets {
				if sn.RouteTable == rt.Name {
					wantRoutes = append(wantRoutes, fmt.Sprintf("%s associated %s", rt.Name, sn.Name))
				}
			}
		}
		for _, e := range v.Endpoints {
			wantEndpoints = append(wantEndpoints, fmt.Sprintf("com.amazonaws.%s.%s %s", s.sc().Region, e.Service, or(e.Type, "Interface")))
		}
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			env, _ := s.as(t, c, a.ID)
			subnetNames := s.subnetNames(t, c, env)
			var tables struct {
				RouteTables []struct {
					Tags   []ec2Tag
					Routes []struct {
						DestinationCidrBlock, GatewayId, NatGatewayId string
					}
					Associations []struct{ SubnetId string }
				}
			}
			res, _ := s.call(t, c, env, "ec2", "describe-route-tables")
			res.JSON(t, &tables)
			gotRoutes := []string{}
			for _, rt := range tables.RouteTables {
				name, _ := tagged(rt.Tags)
				if name == "" {
					continue // VPC main tables the scenario does not name
				}
				for _, r := range rt.Routes {
					switch {
					case r.GatewayId == "local" || r.DestinationCidrBlock == "":
					case strings.HasPrefix(r.GatewayId, "igw-"):
						gotRoutes = append(gotRoutes, fmt.Sprintf("%s %s->igw", name, r.DestinationCidrBlock))
					case strings.HasPrefix(r.NatGatewayId, "nat-"):
						gotRoutes = append(gotRoutes, fmt.Sprintf("%s %s->nat", name, r.DestinationCidrBlock))
					default:
						gotRoutes = append(gotRoutes, fmt.Sprintf("%s %s->%s", name, r.DestinationCidrBlock, r.GatewayId))
					}
				}
				for _, as := range rt.Associations {
					if as.SubnetId != "" {
						gotRoutes = append(gotRoutes, fmt.Sprintf("%s associated %s", name, subnetNames[as.SubnetId]))
					}
				}
			}
			if diff := cmp.Diff(sorted(wantRoutes), sorted(gotRoutes)); diff != "" {
				t.Errorf("routes (-scenario +CLI):\n%s", diff)
			}
			var eps struct {
				VpcEndpoints []struct{ ServiceName, VpcEndpointType string }
			}
			res, _ = s.call(t, c, env, "ec2", "describe-vpc-endpoints")
			res.JSON(t, &eps)
			gotEndpoints := []string{}
			for _, e := range eps.VpcEndpoints {
				gotEndpoints = append(gotEndpoints, e.ServiceName+" "+e.VpcEndpointType)
			}
			if diff := cmp.Diff(sorted(wantEndpoints), sorted(gotEndpoints)); diff != "" {
				t.Errorf("VPC endpoints (-scenario +CLI):\n%s", diff)
			}
		})
	}
}

// subnetNames maps subnet id to its Name tag, through the CLI.
func (s *fixture) subnetNames(t *testing.T, c awsCLI, env []string) map[string]string {
	t.Helper()
	var out struct {
		Subnets []struct {
			SubnetId string
			Tags     []ec2Tag
		}
	}
	res, _ := s.call(t, c, env, "ec2", "describe-subnets")
	res.JSON(t, &out)
	names := map[string]string{}
	for _, sn := range out.Subnets {
		names[sn.SubnetId], _ = tagged(sn.Tags)
	}
	return names
}
