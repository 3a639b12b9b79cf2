package readiness

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/google/go-cmp/cmp"
)

// netWorld builds a VPC like the seed scenario's: a private subnet, a
// public one with a NAT gateway, and knobs for each test.
type netWorld struct{ v VPCNetwork }

func newNetWorld() *netWorld {
	return &netWorld{v: VPCNetwork{
		VpcID: "vpc-1",
		Subnets: []ec2types.Subnet{
			{SubnetId: aws.String("subnet-priv"), CidrBlock: aws.String("10.40.1.0/24")},
			{SubnetId: aws.String("subnet-pub"), CidrBlock: aws.String("10.40.101.0/24")},
			{SubnetId: aws.String("subnet-vpce"), CidrBlock: aws.String("10.40.2.0/24")},
		},
		RouteTables: []ec2types.RouteTable{
			{RouteTableId: aws.String("rtb-main"), Associations: []ec2types.RouteTableAssociation{{Main: aws.Bool(true)}}},
			{RouteTableId: aws.String("rtb-pub"), Associations: []ec2types.RouteTableAssociation{{SubnetId: aws.String("subnet-pub")}},
				Routes: []ec2types.Route{{DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String("igw-1")}}},
		},
		SecurityGroups: []ec2types.SecurityGroup{
			{GroupId: aws.String("sg-app"), IpPermissionsEgress: []ec2types.IpPermission{allTraffic("0.0.0.0/0")}},
			{GroupId: aws.String("sg-vpce"), IpPermissions: []ec2types.IpPermission{tcp443("10.40.0.0/16")}},
		},
		NATGateways: []ec2types.NatGateway{{NatGatewayId: aws.String("nat-1"), SubnetId: aws.String("subnet-pub"), State: ec2types.NatGatewayStateAvailable}},
	}}
}

func tcp443(cidr string) ec2types.IpPermission {
	return ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443),
		IpRanges: []ec2types.IpRange{{CidrIp: aws.String(cidr)}}}
}

func allTraffic(cidr string) ec2types.IpPermission {
	return ec2types.IpPermission{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String(cidr)}}}
}

func (w *netWorld) privateRoute(r ec2types.Route) *netWorld {
	w.v.RouteTables = append(w.v.RouteTables, ec2types.RouteTable{RouteTableId: aws.String("rtb-priv"),
		Associations: []ec2types.RouteTableAssociation{{SubnetId: aws.String("subnet-priv")}}, Routes: []ec2types.Route{r}})
	return w
}

func (w *netWorld) endpoint(svc string, privateDNS bool) *netWorld {
	w.v.Endpoints = append(w.v.Endpoints, ec2types.VpcEndpoint{VpcEndpointId: aws.String("vpce-" + svc),
		ServiceName: aws.String("com.amazonaws.eu-west-1." + svc), VpcEndpointType: ec2types.VpcEndpointTypeInterface,
		State: "available", PrivateDnsEnabled: aws.Bool(privateDNS), SubnetIds: []string{"subnet-vpce"},
		Groups: []ec2types.SecurityGroupIdentifier{{GroupId: aws.String("sg-vpce")}}})
	return w
}

var app01 = NetInstance{SubnetID: "subnet-priv", PrivateIP: "10.40.1.25", SecurityGroupIDs: []string{"sg-app"}}

type pathSummary struct {
	Service string
	Verdict PathVerdict
	Via     string
	Hops    []string
}

func summarize(ps []Path) []pathSummary {
	out := make([]pathSummary, len(ps))
	for i, p := range ps {
		out[i] = pathSummary{p.Service, p.Verdict, p.Via, p.Hops}
	}
	return out
}

func TestAnalyzePaths(t *testing.T) {
	nat := ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: aws.String("nat-1")}
	tests := []struct {
		name  string
		world *netWorld
		inst  NetInstance
		want  []pathSummary
	}{
		{"seed: ssm and ec2messages endpoints, no ssmmessages and no NAT",
			newNetWorld().endpoint("ssm", true).endpoint("ec2messages", true), app01,
			[]pathSummary{
				{"ssm", PathOpen, "vpc-endpoint", []string{"vpce-ssm"}},
				{"ec2messages", PathOpen, "vpc-endpoint", []string{"vpce-ec2messages"}},
				{"ssmmessages", PathBlocked, "", []string{"rtb-main (main)"}},
			}},
		{"NAT gateway routed to an internet gateway", newNetWorld().privateRoute(nat), app01,
			[]pathSummary{
				{"ssm", PathOpen, "nat-gateway", []string{"rtb-priv", "nat-1", "rtb-pub", "igw-1"}},
				{"ec2messages", PathOpen, "nat-gateway", []string{"rtb-priv", "nat-1", "rtb-pub", "igw-1"}},
				{"ssmmessages", PathOpen, "nat-gateway", []string{"rtb-priv", "nat-1", "rtb-pub", "igw-1"}},
			}},
		{"internet gateway without a public IP", newNetWorld().privateRoute(ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String("igw-1")}),
			app01, repeatPath(PathBlocked, "internet-gateway", "rtb-priv", "igw-1")},
		{"internet gateway with a public IP", newNetWorld().privateRoute(ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String("igw-1")}),
			withPublicIP(app01), repeatPath(PathOpen, "internet-gateway", "rtb-priv", "igw-1")},
		{"transit gateway: the API cannot see past it", newNetWorld().privateRoute(ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), TransitGatewayId: aws.String("tgw-1")}),
			app01, repeatPath(PathUnclear, "", "rtb-priv", "tgw-1")},
		{"blackhole default route", newNetWorld().privateRoute(ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: aws.String("nat-1"), State: ec2types.RouteStateBlackhole}),
			app01, repeatPath(PathBlocked, "", "rtb-priv")},
		{"endpoints with private DNS off", newNetWorld().endpoint("ssm", false).endpoint("ec2messages", false).endpoint("ssmmessages", false),
			app01, []pathSummary{
				{"ssm", PathBlocked, "vpc-endpoint", []string{"vpce-ssm"}},
				{"ec2messages", PathBlocked, "vpc-endpoint", []string{"vpce-ec2messages"}},
				{"ssmmessages", PathBlocked, "vpc-endpoint", []string{"vpce-ssmmessages"}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AnalyzePaths("eu-west-1", tt.inst, tt.world.v, CoreServices())
			if d := cmp.Diff(tt.want, summarize(got)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			for _, p := range got {
				if p.Verdict == PathBlocked && p.Fix == "" {
					t.Errorf("%s is blocked without a fix: %s", p.Service, p.Reason)
				}
			}
		})
	}
}

func repeatPath(v PathVerdict, via string, hops ...string) []pathSummary {
	var out []pathSummary
	for _, s := range CoreServices() {
		out = append(out, pathSummary{s, v, via, hops})
	}
	return out
}

func withPublicIP(i NetInstance) NetInstance {
	i.PublicIP = "203.0.113.7"
	return i
}

// The filters: security groups and network ACLs on an otherwise open path.
func TestPathFilters(t *testing.T) {
	nat := ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: aws.String("nat-1")}
	acl := func(entries ...ec2types.NetworkAclEntry) ec2types.NetworkAcl {
		return ec2types.NetworkAcl{NetworkAclId: aws.String("acl-1"), Entries: entries,
			Associations: []ec2types.NetworkAclAssociation{{SubnetId: aws.String("subnet-priv")}}}
	}
	entry := func(n int32, egress bool, cidr string, from, to int32, action ec2types.RuleAction) ec2types.NetworkAclEntry {
		return ec2types.NetworkAclEntry{RuleNumber: aws.Int32(n), Egress: aws.Bool(egress), CidrBlock: aws.String(cidr), Protocol: aws.String("6"),
			PortRange: &ec2types.PortRange{From: aws.Int32(from), To: aws.Int32(to)}, RuleAction: action}
	}
	denyAll := func(egress bool) ec2types.NetworkAclEntry {
		return ec2types.NetworkAclEntry{RuleNumber: aws.Int32(32767), Egress: aws.Bool(egress), CidrBlock: aws.String("0.0.0.0/0"),
			Protocol: aws.String("-1"), RuleAction: ec2types.RuleActionDeny}
	}
	tests := []struct {
		name   string
		egress []ec2types.IpPermission
		acl    *ec2types.NetworkAcl
		want   PathVerdict
	}{
		{"all open", []ec2types.IpPermission{allTraffic("0.0.0.0/0")}, nil, PathOpen},
		{"seed's egress: 443 only inside the VPC", []ec2types.IpPermission{tcp443("10.40.0.0/16")}, nil, PathBlocked},
		{"egress to a public range that may not hold the endpoint", []ec2types.IpPermission{tcp443("52.94.0.0/16")}, nil, PathUnclear},
		{"no egress rule at all", nil, nil, PathBlocked},
		{"ACL allows 443 out and ephemeral in",
			[]ec2types.IpPermission{tcp443("0.0.0.0/0")},
			ptr(acl(entry(100, true, "0.0.0.0/0", 443, 443, "allow"), entry(100, false, "0.0.0.0/0", 1024, 65535, "allow"), denyAll(true), denyAll(false))),
			PathOpen},
		{"ACL denies 443 out before allowing it",
			[]ec2types.IpPermission{tcp443("0.0.0.0/0")},
			ptr(acl(entry(90, true, "0.0.0.0/0", 443, 443, "deny"), entry(100, true, "0.0.0.0/0", 443, 443, "allow"), entry(100, false, "0.0.0.0/0", 1024, 65535, "allow"))),
			PathBlocked},
		{"ACL without the return ports",
			[]ec2types.IpPermission{tcp443("0.0.0.0/0")},
			ptr(acl(entry(100, true, "0.0.0.0/0", 443, 443, "allow"), entry(100, false, "0.0.0.0/0", 22, 22, "allow"), denyAll(true), denyAll(false))),
			PathBlocked},
		{"ACL with Windows' return ports only",
			[]ec2types.IpPermission{tcp443("0.0.0.0/0")},
			ptr(acl(entry(100, true, "0.0.0.0/0", 443, 443, "allow"), entry(100, false, "0.0.0.0/0", 49152, 65535, "allow"), denyAll(true), denyAll(false))),
			PathUnclear},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newNetWorld().privateRoute(nat)
			w.v.SecurityGroups[0].IpPermissionsEgress = tt.egress
			if tt.acl != nil {
				w.v.NetworkACLs = []ec2types.NetworkAcl{*tt.acl}
			}
			got := AnalyzePaths("eu-west-1", app01, w.v, []string{"ssmmessages"})[0]
			if got.Verdict != tt.want {
				t.Errorf("verdict %s (%s), want %s", got.Verdict, got.Reason, tt.want)
			}
			if got.Verdict == PathBlocked && got.Fix == "" {
				t.Errorf("blocked without a fix: %s", got.Reason)
			}
		})
	}
}

// An endpoint whose security group admits 443 only from elsewhere blocks
// the path; one that admits the instance's security group opens it.
func TestEndpointSecurityGroups(t *testing.T) {
	w := newNetWorld().endpoint("ssmmessages", true)
	w.v.SecurityGroups[1].IpPermissions = []ec2types.IpPermission{tcp443("192.168.0.0/16")}
	if got := AnalyzePaths("eu-west-1", app01, w.v, []string{"ssmmessages"})[0]; got.Verdict != PathBlocked {
		t.Errorf("verdict %s (%s), want blocked", got.Verdict, got.Reason)
	}
	w.v.SecurityGroups[1].IpPermissions = []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443),
		UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String("sg-app")}}}}
	if got := AnalyzePaths("eu-west-1", app01, w.v, []string{"ssmmessages"})[0]; got.Verdict != PathOpen {
		t.Errorf("verdict %s (%s), want open", got.Verdict, got.Reason)
	}
}

// S3 is reached through a gateway endpoint on the subnet's route table.
func TestS3GatewayEndpoint(t *testing.T) {
	w := newNetWorld()
	w.v.Endpoints = append(w.v.Endpoints, ec2types.VpcEndpoint{VpcEndpointId: aws.String("vpce-s3"), ServiceName: aws.String("com.amazonaws.eu-west-1.s3"),
		VpcEndpointType: ec2types.VpcEndpointTypeGateway, RouteTableIds: []string{"rtb-main"}})
	got := AnalyzePaths("eu-west-1", app01, w.v, []string{"s3", "logs"})
	if d := cmp.Diff([]pathSummary{{"s3", PathOpen, "vpc-endpoint", []string{"rtb-main (main)", "vpce-s3 (gateway)"}},
		{"logs", PathBlocked, "", []string{"rtb-main (main)"}}}, summarize(got)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func ptr[T any](v T) *T { return &v }
