package gather

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/ssmkit/ssmkit/internal/check"
)

// NetworkAPI are the EC2 reads of a VPC's network: each filtered by vpc-id
// and read by the page, so the calls grow with VPCs, not instances.
type NetworkAPI interface {
	DescribeRouteTables(context.Context, *ec2.DescribeRouteTablesInput, ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error)
	DescribeVpcEndpoints(context.Context, *ec2.DescribeVpcEndpointsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error)
	DescribeSecurityGroups(context.Context, *ec2.DescribeSecurityGroupsInput, ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error)
	DescribeNetworkAcls(context.Context, *ec2.DescribeNetworkAclsInput, ...func(*ec2.Options)) (*ec2.DescribeNetworkAclsOutput, error)
	DescribeNatGateways(context.Context, *ec2.DescribeNatGatewaysInput, ...func(*ec2.Options)) (*ec2.DescribeNatGatewaysOutput, error)
	DescribeSubnets(context.Context, *ec2.DescribeSubnetsInput, ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error)
}

// VPC is what the EC2 API shows of one VPC's network. Its fields match
// readiness.VPCNetwork, which converts it.
type VPC struct {
	VpcID          string
	RouteTables    []ec2types.RouteTable
	Endpoints      []ec2types.VpcEndpoint
	SecurityGroups []ec2types.SecurityGroup
	NetworkACLs    []ec2types.NetworkAcl
	NATGateways    []ec2types.NatGateway
	Subnets        []ec2types.Subnet
}

// Network reads VPCs, each once per run, the six listings of a VPC in
// parallel within the concurrency bound.
type Network struct {
	EC2  NetworkAPI
	sem  chan struct{}
	vpcs memo[VPC]
}

// NewNetwork returns a Network reader; concurrency <= 0 means DefaultConcurrency.
func NewNetwork(c NetworkAPI, concurrency int) *Network {
	if concurrency <= 0 {
		concurrency = DefaultConcurrency
	}
	return &Network{EC2: c, sem: make(chan struct{}, concurrency)}
}

func (n *Network) acquire(ctx context.Context) error {
	select {
	case n.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (n *Network) release() { <-n.sem }

// VPC reads one VPC's route tables, endpoints, security groups, network
// ACLs, NAT gateways and subnets. The first failed listing is the error
// (a check.ReadError naming its permission).
func (n *Network) VPC(ctx context.Context, vpcID string) (VPC, error) {
	return n.vpcs.Do(vpcID, func() (VPC, error) {
		v := VPC{VpcID: vpcID}
		byVPC := []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}}
		guard := func(perm string, fn func() error) func() error {
			return func() error {
				if err := n.acquire(ctx); err != nil {
					return check.Read(perm, vpcID, err)
				}
				defer n.release()
				return check.Read(perm, vpcID, fn())
			}
		}
		err := all(
			guard("ec2:DescribeRouteTables", func() error {
				p := ec2.NewDescribeRouteTablesPaginator(n.EC2, &ec2.DescribeRouteTablesInput{Filters: byVPC})
				for p.HasMorePages() {
					out, err := p.NextPage(ctx)
					if err != nil {
						return err
					}
					v.RouteTables = append(v.RouteTables, out.RouteTables...)
				}
				return nil
			}),
			guard("ec2:DescribeVpcEndpoints", func() error {
				p := ec2.NewDescribeVpcEndpointsPaginator(n.EC2, &ec2.DescribeVpcEndpointsInput{Filters: byVPC})
				for p.HasMorePages() {
					out, err := p.NextPage(ctx)
					if err != nil {
						return err
					}
					v.Endpoints = append(v.Endpoints, out.VpcEndpoints...)
				}
				return nil
			}),
			guard("ec2:DescribeSecurityGroups", func() error {
				p := ec2.NewDescribeSecurityGroupsPaginator(n.EC2, &ec2.DescribeSecurityGroupsInput{Filters: byVPC})
				for p.HasMorePages() {
					out, err := p.NextPage(ctx)
					if err != nil {
						return err
					}
					v.SecurityGroups = append(v.SecurityGroups, out.SecurityGroups...)
				}
				return nil
			}),
			guard("ec2:DescribeNetworkAcls", func() error {
				p := ec2.NewDescribeNetworkAclsPaginator(n.EC2, &ec2.DescribeNetworkAclsInput{Filters: byVPC})
				for p.HasMorePages() {
					out, err := p.NextPage(ctx)
					if err != nil {
						return err
					}
					v.NetworkACLs = append(v.NetworkACLs, out.NetworkAcls...)
				}
				return nil
			}),
			guard("ec2:DescribeNatGateways", func() error {
				p := ec2.NewDescribeNatGatewaysPaginator(n.EC2, &ec2.DescribeNatGatewaysInput{Filter: byVPC})
				for p.HasMorePages() {
					out, err := p.NextPage(ctx)
					if err != nil {
						return err
					}
					v.NATGateways = append(v.NATGateways, out.NatGateways...)
				}
				return nil
			}),
			guard("ec2:DescribeSubnets", func() error {
				p := ec2.NewDescribeSubnetsPaginator(n.EC2, &ec2.DescribeSubnetsInput{Filters: byVPC})
				for p.HasMorePages() {
					out, err := p.NextPage(ctx)
					if err != nil {
						return err
					}
					v.Subnets = append(v.Subnets, out.Subnets...)
				}
				return nil
			}),
		)
		if err != nil {
			return VPC{}, err
		}
		return v, nil
	})
}
