package readiness

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// BenchmarkTargetChecks is the CPU a fleet run spends per target once the
// reads are done: the instance, managed, agent, agent-identity (the policy
// engine over the role) and network checks.
func BenchmarkTargetChecks(b *testing.B) {
	t := &testing.T{}
	r := role(t, "App", coreDoc)
	w := newNetWorld().privateRoute(ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: aws.String("nat-1")})
	inst := NetInstance{SubnetID: "subnet-priv", PrivateIP: "10.40.1.5", SecurityGroupIDs: []string{"sg-app"}}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		n := ec2Node(true, "3.3.1142.0", "required")
		n.ID = fmt.Sprintf("i-%017x", i)
		_ = CheckInstance(n)
		_ = CheckManaged(n, testNow)
		_ = CheckAgent(n, AgentInput{})
		_ = CheckAgentIdentity(n, IdentityInput{Account: "925774240130", TargetARN: "arn:aws:ec2:eu-west-1:925774240130:instance/" + n.ID,
			Profile: r, ProfileARN: "arn:aws:iam::925774240130:instance-profile/App", Now: testNow})
		_ = CheckNetwork(AnalyzePaths("eu-west-1", inst, w.v, CoreServices()))
	}
}
