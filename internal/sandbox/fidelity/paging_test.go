package fidelity

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/gateway"
)

// TestDescribeInstanceInformationPages runs the CLIs' own pagination against the gateway:
// the seed scenario has too few nodes for AWS's minimum page of 5, so an extra gateway
// serves a world of 12 nodes in the workload account from the same moto.
func TestDescribeInstanceInformationPages(t *testing.T) {
	s := setup(t)
	account := s.workload(t).ID
	var want []string
	world := &gateway.World{Region: s.sc().Region, Nodes: map[string][]gateway.Node{}}
	for i := 0; i < 12; i++ {
		id := fmt.Sprintf("i-0fide1%011d", i)
		want = append(want, id)
		world.Nodes[account] = append(world.Nodes[account], gateway.Node{InstanceID: id, ResourceType: "EC2Instance",
			PingStatus: "Online", PlatformType: "Linux", AgentVersion: "3.3.1142.0", LastPing: time.Now().Add(-time.Minute)})
	}
	for _, c := range s.clis() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			requireCLI(t, c)
			url, auditPath := s.gatewayWith(t, world)
			env, _ := s.as(t, c, account)
			env = append(env, "AWS_ENDPOINT_URL="+url)

			var all struct{ InstanceInformationList []struct{ InstanceId string } }
			c.run(t, env, url, "ssm", "describe-instance-information", "--page-size", "5").JSON(t, &all)
			if diff := cmp.Diff(want, ids(all.InstanceInformationList)); diff != "" {
				t.Errorf("pages of 5 (-world +CLI):\n%s", diff)
			}
			pages := eventually(t, auditPath, func(c []audit.Call) bool { return len(c) >= 3 })
			if len(pages) != 3 {
				t.Errorf("the CLI made %d calls for 12 nodes in pages of 5, want 3", len(pages))
			}

			var first, rest struct {
				InstanceInformationList []struct{ InstanceId string }
				NextToken               string
			}
			c.run(t, env, url, "ssm", "describe-instance-information", "--max-items", "7", "--page-size", "5").JSON(t, &first)
			if first.NextToken == "" {
				t.Fatal("--max-items 7 of 12: no NextToken to resume from")
			}
			c.run(t, env, url, "ssm", "describe-instance-information", "--page-size", "5", "--starting-token", first.NextToken).JSON(t, &rest)
			if diff := cmp.Diff(want, append(ids(first.InstanceInformationList), ids(rest.InstanceInformationList)...)); diff != "" {
				t.Errorf("resumed listing (-world +CLI):\n%s", diff)
			}
		})
	}
}

func ids(list []struct{ InstanceId string }) []string {
	out := []string{}
	for _, n := range list {
		out = append(out, n.InstanceId)
	}
	sort.Strings(out)
	return out
}
