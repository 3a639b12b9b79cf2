package readiness

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// VPCNetwork is what the EC2 API shows of one VPC, read once per VPC however
// many instances live in it: route tables, VPC endpoints, security groups,
// network ACLs, NAT gateways and subnets.
type VPCNetwork struct {
	VpcID          string
	RouteTables    []ec2types.RouteTable
	Endpoints      []ec2types.VpcEndpoint
	SecurityGroups []ec2types.SecurityGroup
	NetworkACLs    []ec2types.NetworkAcl
	NATGateways    []ec2types.NatGateway
	Subnets        []ec2types.Subnet
}

// NetInstance is the instance side of a network path.
type NetInstance struct {
	SubnetID         string
	PrivateIP        string
	PublicIP         string
	SecurityGroupIDs []string
}

// PathVerdict is what the API shows of one service's path.
type PathVerdict string

// The path verdicts.
const (
	PathOpen    PathVerdict = "open"    // a path the API shows end to end
	PathBlocked PathVerdict = "blocked" // no path, or a rule that blocks it
	PathUnclear PathVerdict = "unclear" // a hop the API cannot see past, or a rule it cannot place
)

// Path is the answer for one regional endpoint (ssm, ec2messages, ...).
type Path struct {
	Service string      `json:"service"`
	Verdict PathVerdict `json:"verdict"`
	// Via is the route: "vpc-endpoint", "nat-gateway", "internet-gateway" or "".
	Via string `json:"via,omitempty"`
	// Hops names what the path crosses, in order (route table, endpoint, NAT, IGW).
	Hops   []string `json:"hops,omitempty"`
	Reason string   `json:"reason"`
	Fix    string   `json:"fix,omitempty"`
}

// AnalyzePaths decides, for each service, whether the instance can reach
// the regional endpoint com.amazonaws.REGION.SERVICE over HTTPS: through an
// interface endpoint with private DNS in its VPC (or, for s3, a gateway
// endpoint on its route table), or through its subnet's route table to a
// NAT gateway that reaches an internet gateway, or to an internet gateway
// with a public IP; and whether its security groups and network ACLs let
// 443 out and the return traffic in. Session Manager's requirements:
// https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-prerequisites.html
// and https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html.
func AnalyzePaths(region string, inst NetInstance, vpc VPCNetwork, services []string) []Path {
	out := make([]Path, 0, len(services))
	for _, svc := range services {
		out = append(out, analyzePath(region, inst, vpc, svc))
	}
	return out
}

func analyzePath(region string, inst NetInstance, vpc VPCNetwork, svc string) Path {
	name := "com.amazonaws." + region + "." + svc
	rt, rtHop := vpc.routeTableOf(inst.SubnetID)
	if ep, ok := vpc.interfaceEndpoint(name); ok {
		return endpointPath(svc, inst, vpc, ep)
	}
	if svc == "s3" && rt != nil {
		if ep, ok := vpc.gatewayEndpoint(name, aws.ToString(rt.RouteTableId)); ok {
			return Path{Service: svc, Verdict: PathOpen, Via: "vpc-endpoint", Hops: []string{rtHop, aws.ToString(ep.VpcEndpointId) + " (gateway)"},
				Reason: "gateway endpoint " + aws.ToString(ep.VpcEndpointId) + " is on route table " + aws.ToString(rt.RouteTableId)}
		}
	}
	p := internetPath(svc, inst, vpc, rt, rtHop)
	if p.Verdict == PathOpen {
		p = inst.checkFilters(p, vpc, publicDestination{})
	}
	if p.Verdict == PathBlocked && p.Fix == "" {
		// An interface endpoint with private DNS (or a route to a NAT gateway).
		p.Fix = "aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id " +
			vpc.VpcID + " --service-name " + name + " --subnet-ids " + inst.SubnetID + " --private-dns-enabled" +
			sgFlag(inst.SecurityGroupIDs)
	}
	return p
}

func sgFlag(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return " --security-group-ids " + strings.Join(ids, " ")
}

// endpointPath checks an interface endpoint: available, private DNS on (else
// the agent resolves the public name and goes the internet way), its
// security groups letting 443 in from the instance, and the instance's
// security groups and network ACLs letting 443 out to it.
func endpointPath(svc string, inst NetInstance, vpc VPCNetwork, ep ec2types.VpcEndpoint) Path {
	id := aws.ToString(ep.VpcEndpointId)
	p := Path{Service: svc, Via: "vpc-endpoint", Hops: []string{id}}
	switch {
	case !strings.EqualFold(string(ep.State), "available") && ep.State != "":
		p.Verdict, p.Reason = PathBlocked, "interface endpoint "+id+" is "+string(ep.State)
		return p
	case !aws.ToBool(ep.PrivateDnsEnabled):
		p.Verdict = PathBlocked
		p.Reason = "interface endpoint " + id + " has private DNS off: the agent resolves the public name and does not use it"
		p.Fix = "aws ec2 modify-vpc-endpoint --vpc-endpoint-id " + id + " --private-dns-enabled"
		return p
	}
	var groups []string
	for _, g := range ep.Groups {
		groups = append(groups, aws.ToString(g.GroupId))
	}
	if ok, unclear := vpc.groupsAllowIn(groups, inst, 443); !ok {
		p.Verdict = PathBlocked
		if unclear {
			p.Verdict = PathUnclear
		}
		p.Reason = "the security groups of " + id + " (" + strings.Join(groups, ", ") + ") do not allow tcp/443 in from the instance"
		if len(groups) > 0 {
			p.Fix = "aws ec2 authorize-security-group-ingress --group-id " + groups[0] + " --protocol tcp --port 443 --cidr " + hostCIDR(inst.PrivateIP)
		}
		return p
	}
	p.Verdict = PathOpen
	p.Reason = "interface endpoint " + id + " with private DNS"
	return inst.checkFilters(p, vpc, vpc.endpointDestination(ep, groups))
}

func hostCIDR(ip string) string {
	if ip == "" {
		return "INSTANCE-PRIVATE-IP/32"
	}
	return ip + "/32"
}

// internetPath follows the subnet's route table to the internet.
func internetPath(svc string, inst NetInstance, vpc VPCNetwork, rt *ec2types.RouteTable, rtHop string) Path {
	p := Path{Service: svc, Hops: []string{rtHop}}
	if rt == nil {
		p.Verdict, p.Reason = PathUnclear, "no route table found for subnet "+inst.SubnetID
		return p
	}
	r, ok := defaultRoute(*rt)
	if !ok {
		p.Verdict = PathBlocked
		p.Reason = "no interface endpoint for " + svc + " in " + vpc.VpcID + ", and route table " + aws.ToString(rt.RouteTableId) + " has no route to the internet"
		return p
	}
	if r.State == ec2types.RouteStateBlackhole {
		p.Verdict, p.Reason = PathBlocked, "the default route of "+aws.ToString(rt.RouteTableId)+" is a blackhole"
		return p
	}
	switch {
	case aws.ToString(r.NatGatewayId) != "":
		return natPath(p, vpc, aws.ToString(r.NatGatewayId))
	case strings.HasPrefix(aws.ToString(r.GatewayId), "igw-"):
		igw := aws.ToString(r.GatewayId)
		p.Via, p.Hops = "internet-gateway", append(p.Hops, igw)
		if inst.PublicIP == "" {
			p.Verdict = PathBlocked
			p.Reason = "the subnet routes to " + igw + " but the instance has no public IP"
			p.Fix = "give the instance a public IP, or route 0.0.0.0/0 through a NAT gateway, or add interface endpoints"
			return p
		}
		p.Verdict, p.Reason = PathOpen, "internet gateway "+igw+" and public IP "+inst.PublicIP
		return p
	}
	hop := firstNonEmpty(aws.ToString(r.TransitGatewayId), aws.ToString(r.VpcPeeringConnectionId), aws.ToString(r.GatewayId),
		aws.ToString(r.NetworkInterfaceId), aws.ToString(r.InstanceId), aws.ToString(r.LocalGatewayId), aws.ToString(r.CoreNetworkArn))
	p.Verdict, p.Hops = PathUnclear, append(p.Hops, hop)
	p.Reason = "the default route goes to " + hop + ": whether it reaches the internet cannot be seen from this VPC's API"
	return p
}

func natPath(p Path, vpc VPCNetwork, natID string) Path {
	p.Via, p.Hops = "nat-gateway", append(p.Hops, natID)
	nat, ok := vpc.natGateway(natID)
	if !ok {
		p.Verdict, p.Reason = PathUnclear, "NAT gateway "+natID+" was not found"
		return p
	}
	if nat.State != "" && nat.State != ec2types.NatGatewayStateAvailable {
		p.Verdict, p.Reason = PathBlocked, "NAT gateway "+natID+" is "+string(nat.State)
		return p
	}
	if nat.ConnectivityType == ec2types.ConnectivityTypePrivate {
		p.Verdict, p.Reason = PathBlocked, "NAT gateway "+natID+" is private: it cannot reach the internet"
		return p
	}
	natRT, hop := vpc.routeTableOf(aws.ToString(nat.SubnetId))
	if natRT == nil {
		p.Verdict, p.Reason = PathUnclear, "no route table found for the NAT gateway's subnet"
		return p
	}
	r, ok := defaultRoute(*natRT)
	if !ok || !strings.HasPrefix(aws.ToString(r.GatewayId), "igw-") || r.State == ec2types.RouteStateBlackhole {
		p.Verdict = PathBlocked
		p.Reason = "NAT gateway " + natID + " sits in a subnet whose route table " + aws.ToString(natRT.RouteTableId) + " has no route to an internet gateway"
		p.Fix = "aws ec2 create-route --route-table-id " + aws.ToString(natRT.RouteTableId) + " --destination-cidr-block 0.0.0.0/0 --gateway-id IGW-ID"
		return p
	}
	p.Hops = append(p.Hops, hop, aws.ToString(r.GatewayId))
	p.Verdict, p.Reason = PathOpen, "NAT gateway "+natID+" to internet gateway "+aws.ToString(r.GatewayId)
	return p
}

// defaultRoute is the route for public destinations: 0.0.0.0/0.
func defaultRoute(rt ec2types.RouteTable) (ec2types.Route, bool) {
	for _, r := range rt.Routes {
		if aws.ToString(r.DestinationCidrBlock) == "0.0.0.0/0" {
			return r, true
		}
	}
	return ec2types.Route{}, false
}

// routeTableOf is the subnet's explicitly associated route table, else the
// VPC's main one ("a subnet that is not explicitly associated with a route
// table is implicitly associated with the main route table",
// https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html).
func (v VPCNetwork) routeTableOf(subnet string) (*ec2types.RouteTable, string) {
	var main *ec2types.RouteTable
	for i := range v.RouteTables {
		for _, a := range v.RouteTables[i].Associations {
			if aws.ToString(a.SubnetId) == subnet && subnet != "" {
				return &v.RouteTables[i], aws.ToString(v.RouteTables[i].RouteTableId)
			}
			if aws.ToBool(a.Main) {
				main = &v.RouteTables[i]
			}
		}
	}
	if main == nil {
		return nil, ""
	}
	return main, aws.ToString(main.RouteTableId) + " (main)"
}

func (v VPCNetwork) interfaceEndpoint(service string) (ec2types.VpcEndpoint, bool) {
	var found []ec2types.VpcEndpoint
	for _, ep := range v.Endpoints {
		if aws.ToString(ep.ServiceName) == service && (ep.VpcEndpointType == ec2types.VpcEndpointTypeInterface || ep.VpcEndpointType == "") {
			found = append(found, ep)
		}
	}
	if len(found) == 0 {
		return ec2types.VpcEndpoint{}, false
	}
	// Prefer the endpoint that would be used: available with private DNS.
	slices.SortStableFunc(found, func(a, b ec2types.VpcEndpoint) int { return endpointRank(b) - endpointRank(a) })
	return found[0], true
}

func endpointRank(ep ec2types.VpcEndpoint) int {
	r := 0
	if aws.ToBool(ep.PrivateDnsEnabled) {
		r += 2
	}
	if ep.State == "" || strings.EqualFold(string(ep.State), "available") {
		r++
	}
	return r
}

func (v VPCNetwork) gatewayEndpoint(service, routeTable string) (ec2types.VpcEndpoint, bool) {
	for _, ep := range v.Endpoints {
		if aws.ToString(ep.ServiceName) == service && ep.VpcEndpointType == ec2types.VpcEndpointTypeGateway &&
			slices.Contains(ep.RouteTableIds, routeTable) {
			return ep, true
		}
	}
	return ec2types.VpcEndpoint{}, false
}

func (v VPCNetwork) natGateway(id string) (ec2types.NatGateway, bool) {
	for _, n := range v.NATGateways {
		if aws.ToString(n.NatGatewayId) == id {
			return n, true
		}
	}
	return ec2types.NatGateway{}, false
}

func (v VPCNetwork) subnetCIDR(id string) (netip.Prefix, bool) {
	for _, s := range v.Subnets {
		if aws.ToString(s.SubnetId) == id {
			p, err := netip.ParsePrefix(aws.ToString(s.CidrBlock))
			return p, err == nil
		}
	}
	return netip.Prefix{}, false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return "an unknown target"
}

// CoreServices are the endpoints every session needs: ssm for the agent's
// registration, ec2messages and ssmmessages for its channels
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html).
func CoreServices() []string { return []string{"ssm", "ec2messages", "ssmmessages"} }
