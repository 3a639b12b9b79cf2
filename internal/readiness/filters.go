package readiness

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// coverage is whether a rule's target holds the destination.
type coverage int

const (
	coversNone coverage = iota // the rule does not apply to the destination
	coversSome                 // it may: the API does not say which addresses the destination uses
	coversAll                  // it applies to every address the destination may use
)

// destination is the far end of a path, as security group and network ACL
// rules see it.
type destination interface {
	cover(p netip.Prefix) coverage
	groupMatch(id string) bool
	prefixListMatch() coverage
	// cidr is the CIDR a fix should name.
	cidr() string
	String() string
}

// publicDestination is a regional endpoint's public address, which the API
// does not name: only 0.0.0.0/0 surely holds it, and private ranges never do.
type publicDestination struct{}

func (publicDestination) cover(p netip.Prefix) coverage {
	switch {
	case p.Bits() == 0:
		return coversAll
	case isPrivate(p):
		return coversNone
	}
	return coversSome
}
func (publicDestination) groupMatch(string) bool    { return false }
func (publicDestination) prefixListMatch() coverage { return coversSome }
func (publicDestination) String() string            { return "the regional endpoint (public)" }
func (publicDestination) cidr() string              { return "0.0.0.0/0" }

// prefixDestination is a set of private addresses (an endpoint's subnets,
// an instance) and the security groups they carry.
type prefixDestination struct {
	name     string
	prefixes []netip.Prefix
	groups   []string
}

func (d prefixDestination) cover(p netip.Prefix) coverage {
	all, some := true, false
	for _, q := range d.prefixes {
		switch {
		case p.Bits() <= q.Bits() && p.Contains(q.Addr()):
			some = true
		case p.Overlaps(q):
			some, all = true, false
		default:
			all = false
		}
	}
	switch {
	case all && some:
		return coversAll
	case some:
		return coversSome
	}
	return coversNone
}
func (d prefixDestination) groupMatch(id string) bool { return slices.Contains(d.groups, id) }
func (d prefixDestination) prefixListMatch() coverage { return coversNone }
func (d prefixDestination) String() string            { return d.name }
func (d prefixDestination) cidr() string {
	if len(d.prefixes) == 0 {
		return "0.0.0.0/0"
	}
	return d.prefixes[0].String()
}

var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("169.254.0.0/16"),
}

func isPrivate(p netip.Prefix) bool {
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// endpointDestination is an interface endpoint: the CIDRs of its subnets
// (its network interfaces take addresses there) and its security groups.
func (v VPCNetwork) endpointDestination(ep ec2types.VpcEndpoint, groups []string) prefixDestination {
	d := prefixDestination{name: "endpoint " + aws.ToString(ep.VpcEndpointId), groups: groups}
	for _, s := range ep.SubnetIds {
		if p, ok := v.subnetCIDR(s); ok {
			d.prefixes = append(d.prefixes, p)
		}
	}
	return d
}

// checkFilters applies the instance's security groups (443 out) and its
// subnet's network ACL (443 out, the ephemeral return ports in) to an open path.
func (inst NetInstance) checkFilters(p Path, vpc VPCNetwork, dst destination) Path {
	if len(vpc.SecurityGroups) > 0 && len(inst.SecurityGroupIDs) > 0 {
		switch vpc.groupsAllowOut(inst.SecurityGroupIDs, dst, 443) {
		case coversNone:
			p.Verdict = PathBlocked
			p.Reason = "the instance's security groups (" + strings.Join(inst.SecurityGroupIDs, ", ") + ") do not allow tcp/443 out to " + dst.String()
			p.Fix = "aws ec2 authorize-security-group-egress --group-id " + inst.SecurityGroupIDs[0] + " --protocol tcp --port 443 --cidr " + dst.cidr()
			return p
		case coversSome:
			p.Verdict = PathUnclear
			p.Reason += "; the instance's security groups allow tcp/443 out only to some addresses, which may not include " + dst.String()
		}
	}
	acl, ok := vpc.aclOf(inst.SubnetID)
	if !ok {
		return p
	}
	id := aws.ToString(acl.NetworkAclId)
	if v, rule := aclDecides(acl, true, 443, dst); v != coversAll {
		p.Verdict = worseVerdict(p.Verdict, v)
		p.Reason = "network ACL " + id + " " + rule + " tcp/443 out to " + dst.String()
		p.Fix = "aws ec2 create-network-acl-entry --network-acl-id " + id + " --egress --rule-number RULE --protocol tcp --port-range From=443,To=443 --cidr-block " + dst.cidr() + " --rule-action allow"
		return p
	}
	if v, rule := aclEphemeral(acl, dst); v != coversAll {
		p.Verdict = worseVerdict(p.Verdict, v)
		p.Reason = "network ACL " + id + " " + rule + " the return traffic in from " + dst.String() + " (tcp 1024-65535)"
		p.Fix = "aws ec2 create-network-acl-entry --network-acl-id " + id + " --ingress --rule-number RULE --protocol tcp --port-range From=1024,To=65535 --cidr-block " + dst.cidr() + " --rule-action allow"
	}
	return p
}

// worseVerdict folds an ACL outcome into the path's verdict.
func worseVerdict(v PathVerdict, c coverage) PathVerdict {
	if c == coversNone {
		return PathBlocked
	}
	if v == PathOpen {
		return PathUnclear
	}
	return v
}

// groupsAllowOut reports how well the groups' egress rules allow tcp/port to dst.
func (v VPCNetwork) groupsAllowOut(ids []string, dst destination, port int32) coverage {
	best := coversNone
	for _, g := range v.groups(ids) {
		for _, perm := range g.IpPermissionsEgress {
			if !permPort(perm, port) {
				continue
			}
			best = max(best, permCoverage(perm, dst))
		}
	}
	return best
}

// groupsAllowIn reports whether the groups let tcp/port in from the instance
// (by its address or one of its groups); unclear when a group was not read.
func (v VPCNetwork) groupsAllowIn(ids []string, inst NetInstance, port int32) (ok, unclear bool) {
	src := prefixDestination{name: "the instance", groups: inst.SecurityGroupIDs}
	if a, err := netip.ParseAddr(inst.PrivateIP); err == nil {
		src.prefixes = []netip.Prefix{netip.PrefixFrom(a, a.BitLen())}
	}
	found := v.groups(ids)
	if len(found) < len(ids) {
		return false, true
	}
	for _, g := range found {
		for _, perm := range g.IpPermissions {
			if permPort(perm, port) && permCoverage(perm, src) == coversAll {
				return true, false
			}
		}
	}
	return false, false
}

func (v VPCNetwork) groups(ids []string) []ec2types.SecurityGroup {
	var out []ec2types.SecurityGroup
	for _, g := range v.SecurityGroups {
		if slices.Contains(ids, aws.ToString(g.GroupId)) {
			out = append(out, g)
		}
	}
	return out
}

func permPort(p ec2types.IpPermission, port int32) bool {
	proto := aws.ToString(p.IpProtocol)
	if proto == "-1" || proto == "all" {
		return true
	}
	if proto != "tcp" && proto != "6" {
		return false
	}
	if p.FromPort == nil || p.ToPort == nil {
		return true
	}
	return *p.FromPort <= port && port <= *p.ToPort
}

func permCoverage(p ec2types.IpPermission, dst destination) coverage {
	best := coversNone
	for _, r := range p.IpRanges {
		if pre, err := netip.ParsePrefix(aws.ToString(r.CidrIp)); err == nil {
			best = max(best, dst.cover(pre))
		}
	}
	for _, pair := range p.UserIdGroupPairs {
		if dst.groupMatch(aws.ToString(pair.GroupId)) {
			best = coversAll
		}
	}
	if len(p.PrefixListIds) > 0 {
		best = max(best, dst.prefixListMatch())
	}
	return best
}

// aclOf is the subnet's network ACL, or the VPC's default one.
func (v VPCNetwork) aclOf(subnet string) (ec2types.NetworkAcl, bool) {
	var def *ec2types.NetworkAcl
	for i, a := range v.NetworkACLs {
		for _, as := range a.Associations {
			if aws.ToString(as.SubnetId) == subnet {
				return a, true
			}
		}
		if aws.ToBool(a.IsDefault) {
			def = &v.NetworkACLs[i]
		}
	}
	if def == nil {
		return ec2types.NetworkAcl{}, false
	}
	return *def, true
}

// aclDecides evaluates the ACL's rules in number order for tcp/port to (or
// from) dst: the first rule that surely applies decides; one that may apply
// before it leaves the answer unclear. Rule order:
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
func aclDecides(acl ec2types.NetworkAcl, egress bool, port int32, dst destination) (coverage, string) {
	entries := slices.Clone(acl.Entries)
	slices.SortFunc(entries, func(a, b ec2types.NetworkAclEntry) int {
		return int(aws.ToInt32(a.RuleNumber) - aws.ToInt32(b.RuleNumber))
	})
	maybe := ""
	for _, e := range entries {
		if aws.ToBool(e.Egress) != egress || !aclPort(e, port) {
			continue
		}
		pre, err := netip.ParsePrefix(aws.ToString(e.CidrBlock))
		if err != nil {
			continue
		}
		c := dst.cover(pre)
		rule := "rule " + strconv.Itoa(int(aws.ToInt32(e.RuleNumber))) + " (" + string(e.RuleAction) + " " + pre.String() + ")"
		switch {
		case c == coversNone:
			continue
		case c == coversSome:
			if maybe == "" {
				maybe = "has " + rule + ", which may or may not cover"
			}
			continue
		case maybe != "":
			return coversSome, maybe
		case e.RuleAction == ec2types.RuleActionAllow:
			return coversAll, "allows by " + rule
		}
		return coversNone, "denies by " + rule
	}
	if maybe != "" {
		return coversSome, maybe
	}
	return coversNone, "has no rule allowing"
}

func aclPort(e ec2types.NetworkAclEntry, port int32) bool {
	proto := aws.ToString(e.Protocol)
	if proto == "-1" || proto == "all" {
		return true
	}
	if proto != "6" && proto != "tcp" {
		return false
	}
	if e.PortRange == nil {
		return true
	}
	return aws.ToInt32(e.PortRange.From) <= port && port <= aws.ToInt32(e.PortRange.To)
}

// ephemeralSamples are ports from the ephemeral ranges clients use for the
// return traffic: Linux 32768-60999, Windows 49152-65535 (AWS's advice is to
// allow 1024-65535: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
var ephemeralSamples = []int32{32768, 49152, 60999, 65535}

func aclEphemeral(acl ec2types.NetworkAcl, dst destination) (coverage, string) {
	allowed := 0
	last := ""
	for _, port := range ephemeralSamples {
		c, rule := aclDecides(acl, false, port, dst)
		if c == coversAll {
			allowed++
			continue
		}
		if c == coversSome {
			return coversSome, rule
		}
		last = rule
	}
	switch {
	case allowed == len(ephemeralSamples):
		return coversAll, ""
	case allowed == 0:
		return coversNone, last
	}
	return coversSome, "allows only part of the ephemeral ports for"
}
