package seed

import (
	"cmp"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// securityGroup creates a group; listed egress rules replace the default allow-all egress.
func (as *accountSeeder) securityGroup(ctx context.Context, c *ec2.Client, vpcID *string, g scenario.SecurityGroup) error {
	o, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String(g.Name), VpcId: vpcID,
		Description: aws.String(cmp.Or(g.Description, g.Name)), TagSpecifications: nameTag(ec2types.ResourceTypeSecurityGroup, g.Name, nil)})
	if err != nil {
		return err
	}
	id := o.GroupId
	as.sgs[g.Name] = *id
	as.res.SecurityGroupIDs[g.Name] = *id
	if len(g.Ingress) > 0 {
		if _, err := c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: id, IpPermissions: as.permissions(g.Ingress, *id)}); err != nil {
			return fmt.Errorf("ingress: %w", err)
		}
	}
	if len(g.Egress) > 0 {
		all := []ec2types.IpPermission{{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}
		if _, err := c.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: id, IpPermissions: all}); err != nil {
			return fmt.Errorf("revoking default egress: %w", err)
		}
		if _, err := c.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: id, IpPermissions: as.permissions(g.Egress, *id)}); err != nil {
			return fmt.Errorf("egress: %w", err)
		}
	}
	return nil
}

// permissions turns rules into EC2 permissions; a rule naming a group not yet created refers to self.
func (as *accountSeeder) permissions(rules []scenario.Rule, self string) []ec2types.IpPermission {
	out := make([]ec2types.IpPermission, 0, len(rules))
	for _, r := range rules {
		p := ec2types.IpPermission{IpProtocol: aws.String(cmp.Or(r.Protocol, "tcp"))}
		if *p.IpProtocol != "-1" {
			p.FromPort, p.ToPort = aws.Int32(r.FromPort), aws.Int32(max(r.ToPort, r.FromPort))
		}
		if r.CIDR != "" {
			p.IpRanges = []ec2types.IpRange{{CidrIp: aws.String(r.CIDR)}}
		}
		if r.SecurityGroup != "" {
			id := as.sgs[r.SecurityGroup]
			if id == "" {
				id = self
			}
			p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(id)}}
		}
		out = append(out, p)
	}
	return out
}

// networkACLs creates explicit ACLs and moves the named subnets onto them.
func (as *accountSeeder) networkACLs(ctx context.Context, c *ec2.Client, vpcID *string, v scenario.VPC) error {
	for _, acl := range v.NetworkACLs {
		o, err := c.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{VpcId: vpcID, TagSpecifications: nameTag(ec2types.ResourceTypeNetworkAcl, acl.Name, nil)})
		if err != nil {
			return fmt.Errorf("network acl %s: %w", acl.Name, err)
		}
		for egress, rules := range map[bool][]scenario.Rule{false: acl.Ingress, true: acl.Egress} {
			for _, r := range rules {
				in := &ec2.CreateNetworkAclEntryInput{NetworkAclId: o.NetworkAcl.NetworkAclId, Egress: aws.Bool(egress), RuleNumber: aws.Int32(r.Number),
					Protocol: aws.String(protocolNumber(r.Protocol)), RuleAction: ec2types.RuleAction(cmp.Or(r.Action, "allow")), CidrBlock: aws.String(cmp.Or(r.CIDR, "0.0.0.0/0"))}
				if in.Protocol != nil && *in.Protocol != "-1" {
					in.PortRange = &ec2types.PortRange{From: aws.Int32(r.FromPort), To: aws.Int32(max(r.ToPort, r.FromPort))}
				}
				if _, err := c.CreateNetworkAclEntry(ctx, in); err != nil {
					return fmt.Errorf("network acl %s rule %d: %w", acl.Name, r.Number, err)
				}
			}
		}
		for _, sn := range v.Subnets {
			if sn.NetworkACL != acl.Name {
				continue
			}
			cur, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []ec2types.Filter{{Name: aws.String("association.subnet-id"), Values: []string{as.subnets[sn.Name]}}}})
			if err != nil {
				return err
			}
			for _, a := range cur.NetworkAcls {
				for _, assoc := range a.Associations {
					if aws.ToString(assoc.SubnetId) == as.subnets[sn.Name] {
						if _, err := c.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: assoc.NetworkAclAssociationId, NetworkAclId: o.NetworkAcl.NetworkAclId}); err != nil {
							return fmt.Errorf("subnet %s acl: %w", sn.Name, err)
						}
					}
				}
			}
		}
	}
	return nil
}

func protocolNumber(p string) string {
	switch p {
	case "tcp", "":
		return "6"
	case "udp":
		return "17"
	case "icmp":
		return "1"
	}
	return p
}
