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

func nameTag(kind ec2types.ResourceType, name string, extra map[string]string) []ec2types.TagSpecification {
	tags := []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}}
	for k, v := range extra {
		tags = append(tags, ec2types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return []ec2types.TagSpecification{{ResourceType: kind, Tags: tags}}
}

func (as *accountSeeder) network(ctx context.Context) error {
	as.subnets, as.sgs, as.rts, as.vpcs = map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
	for _, v := range as.a.VPCs {
		if err := as.vpc(ctx, ec2.NewFromConfig(as.cfg(v.Region)), v); err != nil {
			return fmt.Errorf("vpc %s: %w", v.Name, err)
		}
	}
	return nil
}

func (as *accountSeeder) vpc(ctx context.Context, c *ec2.Client, v scenario.VPC) error {
	out, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(v.CIDR), TagSpecifications: nameTag(ec2types.ResourceTypeVpc, v.Name, nil)})
	if err != nil {
		return err
	}
	vpcID := out.Vpc.VpcId
	as.vpcs[v.Name] = *vpcID
	as.res.VPCIDs[v.Name] = *vpcID
	for _, sn := range v.Subnets {
		o, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpcID, CidrBlock: aws.String(sn.CIDR),
			AvailabilityZone: aws.String(cmp.Or(sn.AvailabilityZone, v.Region+"a")), TagSpecifications: nameTag(ec2types.ResourceTypeSubnet, sn.Name, nil)})
		if err != nil {
			return fmt.Errorf("subnet %s: %w", sn.Name, err)
		}
		as.subnets[sn.Name] = *o.Subnet.SubnetId
		as.res.SubnetIDs[sn.Name] = *o.Subnet.SubnetId
		if sn.MapPublicIPOnLaunch {
			if _, err := c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: o.Subnet.SubnetId,
				MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
				return fmt.Errorf("subnet %s: public IPs on launch: %w", sn.Name, err)
			}
		}
	}
	var igw *string
	if v.InternetGateway {
		o, err := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{TagSpecifications: nameTag(ec2types.ResourceTypeInternetGateway, v.Name+"-igw", nil)})
		if err != nil {
			return err
		}
		igw = o.InternetGateway.InternetGatewayId
		if _, err := c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw, VpcId: vpcID}); err != nil {
			return err
		}
	}
	nats := map[string]*string{}
	for _, n := range v.NATGateways {
		eip, err := c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: ec2types.DomainTypeVpc})
		if err != nil {
			return err
		}
		o, err := c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(as.subnets[n.Subnet]), AllocationId: eip.AllocationId,
			TagSpecifications: nameTag(ec2types.ResourceTypeNatgateway, n.Name, nil)})
		if err != nil {
			return fmt.Errorf("nat gateway %s: %w", n.Name, err)
		}
		nats[n.Name] = o.NatGateway.NatGatewayId
	}
	for _, rt := range v.RouteTables {
		o, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: vpcID, TagSpecifications: nameTag(ec2types.ResourceTypeRouteTable, rt.Name, nil)})
		if err != nil {
			return err
		}
		as.rts[rt.Name] = *o.RouteTable.RouteTableId
		as.res.RouteTableIDs[rt.Name] = *o.RouteTable.RouteTableId
		for _, r := range rt.Routes {
			in := &ec2.CreateRouteInput{RouteTableId: o.RouteTable.RouteTableId, DestinationCidrBlock: aws.String(r.Destination)}
			switch {
			case r.InternetGateway && igw != nil:
				in.GatewayId = igw
			case r.NATGateway != "" && nats[r.NATGateway] != nil:
				in.NatGatewayId = nats[r.NATGateway]
			default:
				return fmt.Errorf("route table %s: route to %s needs an existing internetGateway or natGateway", rt.Name, r.Destination)
			}
			if _, err := c.CreateRoute(ctx, in); err != nil {
				return fmt.Errorf("route table %s: %w", rt.Name, err)
			}
		}
	}
	for _, sn := range v.Subnets {
		if sn.RouteTable == "" {
			continue
		}
		if _, err := c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(as.rts[sn.RouteTable]), SubnetId: aws.String(as.subnets[sn.Name])}); err != nil {
			return fmt.Errorf("subnet %s route table: %w", sn.Name, err)
		}
	}
	for _, g := range v.SecurityGroups {
		if err := as.securityGroup(ctx, c, vpcID, g); err != nil {
			return fmt.Errorf("security group %s: %w", g.Name, err)
		}
	}
	for _, e := range v.Endpoints {
		if err := as.endpoint(ctx, c, vpcID, v, e); err != nil {
			return fmt.Errorf("endpoint %s: %w", e.Service, err)
		}
	}
	return as.networkACLs(ctx, c, vpcID, v)
}

func (as *accountSeeder) endpoint(ctx context.Context, c *ec2.Client, vpcID *string, v scenario.VPC, e scenario.Endpoint) error {
	typ := ec2types.VpcEndpointType(cmp.Or(e.Type, "Interface"))
	in := &ec2.CreateVpcEndpointInput{VpcId: vpcID, ServiceName: aws.String(fmt.Sprintf("com.amazonaws.%s.%s", v.Region, e.Service)), VpcEndpointType: typ}
	if typ == ec2types.VpcEndpointTypeInterface {
		in.PrivateDnsEnabled = aws.Bool(e.PrivateDNS == nil || *e.PrivateDNS)
	}
	for _, s := range e.Subnets {
		in.SubnetIds = append(in.SubnetIds, as.subnets[s])
	}
	for _, g := range e.SecurityGroups {
		in.SecurityGroupIds = append(in.SecurityGroupIds, as.sgs[g])
	}
	for _, r := range e.RouteTables {
		in.RouteTableIds = append(in.RouteTableIds, as.rts[r])
	}
	policy, err := as.doc(e.Policy)
	if err != nil {
		return err
	}
	in.PolicyDocument = policy
	out, err := c.CreateVpcEndpoint(ctx, in)
	if err != nil {
		return err
	}
	as.res.EndpointIDs[v.Name+"/"+e.Service] = aws.ToString(out.VpcEndpoint.VpcEndpointId)
	return nil
}
