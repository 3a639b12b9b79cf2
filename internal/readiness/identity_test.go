package readiness

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/ssmkit/ssmkit/internal/policy"
)

var testNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func mustPolicy(t *testing.T, name string, kind policy.Kind, doc string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(name, kind, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// coreDoc is AmazonSSMManagedInstanceCore's Session Manager part.
const coreDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:UpdateInstanceInformation","ssmmessages:*","ec2messages:*"],"Resource":"*"}]}`

func role(t *testing.T, name string, docs ...string) *Role {
	r := &Role{ARN: "arn:aws:iam::925774240130:role/" + name, Name: name}
	for i, d := range docs {
		r.Set.Identity = append(r.Set.Identity, mustPolicy(t, name+"-"+string(rune('a'+i)), policy.KindIdentity, d))
	}
	return r
}

func ec2Node(profile bool, agent string, tokens ec2types.HttpTokensState) Node {
	inst := &ec2types.Instance{InstanceId: aws.String("i-0abc"), State: &ec2types.InstanceState{Name: ec2types.InstanceStateNameRunning},
		MetadataOptions: &ec2types.InstanceMetadataOptionsResponse{HttpTokens: tokens, HttpEndpoint: ec2types.InstanceMetadataEndpointStateEnabled}}
	if profile {
		inst.IamInstanceProfile = &ec2types.IamInstanceProfile{Arn: aws.String("arn:aws:iam::925774240130:instance-profile/App")}
	}
	return Node{ID: "i-0abc", Region: "eu-west-1", Instance: inst,
		Info: &ssmtypes.InstanceInformation{AgentVersion: aws.String(agent), PingStatus: ssmtypes.PingStatusOnline}}
}

func TestCheckAgentIdentity(t *testing.T) {
	const target = "arn:aws:ec2:eu-west-1:925774240130:instance/i-0abc"
	boundary := mustPolicy(t, "boundary", policy.KindBoundary, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:*","Resource":"*"}]}`)
	bounded := role(t, "Bounded", coreDoc)
	bounded.Set.Boundaries = []*policy.Policy{boundary}
	denied := role(t, "Denied", coreDoc, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ssmmessages:*","Resource":"*"}]}`)
	scpDenied := role(t, "Core", coreDoc)
	scpDenied.Set.SCPs = [][]*policy.Policy{{mustPolicy(t, "scp", policy.KindSCP, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"ssm:UpdateInstanceInformation","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}`)}}
	tests := []struct {
		name string
		node Node
		in   IdentityInput
		want Status
	}{
		{"instance role with the core permissions", ec2Node(true, "3.3.1142.0", "required"),
			IdentityInput{Profile: role(t, "App", coreDoc), ProfileARN: "x"}, Pass},
		{"role granting only ssm:*: no ssmmessages", ec2Node(true, "3.3.1142.0", "required"),
			IdentityInput{Profile: role(t, "App", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:*","Resource":"*"}]}`), ProfileARN: "x"}, Fail},
		{"boundary without ssmmessages", ec2Node(true, "3.3.1142.0", "required"), IdentityInput{Profile: bounded, ProfileARN: "x"}, Fail},
		{"explicit deny", ec2Node(true, "3.3.1142.0", "required"), IdentityInput{Profile: denied, ProfileARN: "x"}, Fail},
		{"SCP deny in the region", ec2Node(true, "3.3.1142.0", "required"), IdentityInput{Profile: scpDenied, ProfileARN: "x"}, Fail},
		{"role without ec2messages: a warning", ec2Node(true, "3.3.1142.0", "required"),
			IdentityInput{Profile: role(t, "App", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:UpdateInstanceInformation","ssmmessages:*"],"Resource":"*"}]}`), ProfileARN: "x"}, Warn},
		{"unreadable role", ec2Node(true, "3.3.1142.0", "required"),
			IdentityInput{Profile: &Role{Name: "App", Unreadable: "not allowed to call iam:GetRole: needs permission iam:GetRole"}, ProfileARN: "x"}, Unknown},
		{"no profile, DHMC off", ec2Node(false, "3.3.1142.0", "required"), IdentityInput{DHMC: DHMC{Setting: "$None"}}, Fail},
		{"no profile, DHMC unreadable", ec2Node(false, "3.3.1142.0", "required"), IdentityInput{DHMC: DHMC{Unreadable: "needs permission ssm:GetServiceSetting"}}, Unknown},
		{"no profile, DHMC judged by its role", ec2Node(false, "3.3.1142.0", "required"),
			IdentityInput{DHMC: DHMC{Setting: "service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole", Role: role(t, "AWSSystemsManagerDefaultEC2InstanceManagementRole", coreDoc)}}, Pass},
		{"no profile, DHMC role without ssmmessages", ec2Node(false, "3.3.1142.0", "required"),
			IdentityInput{DHMC: DHMC{Setting: "service-role/D", Role: role(t, "D", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:UpdateInstanceInformation","Resource":"*"}]}`)}}, Fail},
		{"no profile, DHMC on, agent too old for it", ec2Node(false, "3.1.1927.0", "required"),
			IdentityInput{DHMC: DHMC{Setting: "service-role/D", Role: role(t, "D", coreDoc)}}, Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.TargetARN, tt.in.Account, tt.in.Now = target, "925774240130", testNow
			c := CheckAgentIdentity(tt.node, tt.in)
			if c.Status != tt.want {
				t.Errorf("status %s (%s), want %s", c.Status, c.Reason, tt.want)
			}
			if c.Status == Fail && len(c.Fixes) == 0 {
				t.Errorf("fails without a fix: %s", c.Reason)
			}
		})
	}
}

func TestTargetChecks(t *testing.T) {
	stopped := ec2Node(true, "3.3.1142.0", "required")
	stopped.Instance.State.Name = ec2types.InstanceStateNameStopped
	lost := ec2Node(true, "3.3.1142.0", "required")
	lost.Info.PingStatus = ssmtypes.PingStatusConnectionLost
	notConnected := ec2Node(true, "3.3.1142.0", "required")
	notConnected.Connection = "notconnected"
	notConnected.Info.LastPingDateTime = aws.Time(testNow.Add(-2 * time.Minute))
	old := ec2Node(true, "3.2.582.0", "required")
	old.Info.IsLatestVersion = aws.Bool(false)
	hybrid := Node{ID: "mi-0a1b", Region: "ap-southeast-1", Info: &ssmtypes.InstanceInformation{Name: aws.String("onprem"), PingStatus: ssmtypes.PingStatusOnline}}
	tests := []struct {
		name string
		got  Check
		want Status
	}{
		{"running", CheckInstance(ec2Node(true, "3.3.1142.0", "required")), Pass},
		{"stopped", CheckInstance(stopped), Fail},
		{"unknown instance", CheckInstance(Node{ID: "i-nope", Region: "eu-west-1"}), Fail},
		{"online", CheckManaged(ec2Node(true, "3.3.1142.0", "required"), testNow), Pass},
		{"connection lost", CheckManaged(lost, testNow), Fail},
		{"online but not connected", CheckManaged(notConnected, testNow), Fail},
		{"not managed", CheckManaged(Node{ID: "i-1"}, testNow), Fail},
		{"older agent, not the latest (cast-dev-db01)", CheckAgent(old, AgentInput{Needed: []Feature{FeaturePortForwarding}}), Warn},
		{"agent below the floor", CheckAgent(old, AgentInput{Floor: "3.3.0.0"}), Fail},
		{"hybrid on standard", CheckHybridTier(hybrid, "standard", "444455556666"), Fail},
		{"hybrid on advanced", CheckHybridTier(hybrid, "advanced", "444455556666"), Pass},
		{"tier unreadable", CheckHybridTier(hybrid, "", "444455556666"), Unknown},
		{"EC2 needs no tier", CheckHybridTier(old, "standard", "1"), Skip},
		{"expected tag missing", CheckExpectTags(old, map[string]string{"env": "dev"}, map[string]string{"ssmaccess": "true"}), Fail},
		{"expected tag present", CheckExpectTags(old, map[string]string{"ssmaccess": "true"}, map[string]string{"ssmaccess": "true"}), Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.Status != tt.want {
				t.Errorf("status %s (%s), want %s", tt.got.Status, tt.got.Reason, tt.want)
			}
			if tt.got.Status == Fail && len(tt.got.Fixes) == 0 {
				t.Errorf("fails without a fix: %s", tt.got.Reason)
			}
		})
	}
	c := CheckExpectTags(old, nil, map[string]string{"owner": "a'b$(rm -rf /)"})
	if want := `aws ec2 create-tags --region eu-west-1 --resources i-0abc --tags 'Key=owner,Value=a'\''b$(rm -rf /)'`; c.Fixes[0].Command != want {
		t.Errorf("fix %q, want %q", c.Fixes[0].Command, want)
	}
}
