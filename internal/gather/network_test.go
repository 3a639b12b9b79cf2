package gather

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/ssmkit/ssmkit/internal/check"
)

// fakeNetwork serves two pages of route tables and one of everything else;
// deny refuses one operation.
type fakeNetwork struct {
	counter
	deny string
}

func (f *fakeNetwork) refuse(op string) error {
	if op == f.deny {
		return &smithy.OperationError{ServiceID: "EC2", OperationName: op, Err: &smithy.GenericAPIError{Code: "UnauthorizedOperation", Message: "not authorized"}}
	}
	return nil
}

func vpcOnly(filters []ec2types.Filter) bool {
	return len(filters) == 1 && aws.ToString(filters[0].Name) == "vpc-id"
}

func (f *fakeNetwork) DescribeRouteTables(_ context.Context, in *ec2.DescribeRouteTablesInput, _ ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error) {
	defer f.enter("DescribeRouteTables")()
	if !vpcOnly(in.Filters) {
		panic("route tables must be read by vpc-id")
	}
	if aws.ToString(in.NextToken) == "" {
		return &ec2.DescribeRouteTablesOutput{RouteTables: []ec2types.RouteTable{{RouteTableId: aws.String("rtb-1")}}, NextToken: aws.String("p2")}, f.refuse("DescribeRouteTables")
	}
	return &ec2.DescribeRouteTablesOutput{RouteTables: []ec2types.RouteTable{{RouteTableId: aws.String("rtb-2")}}}, nil
}
func (f *fakeNetwork) DescribeVpcEndpoints(context.Context, *ec2.DescribeVpcEndpointsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error) {
	defer f.enter("DescribeVpcEndpoints")()
	return &ec2.DescribeVpcEndpointsOutput{VpcEndpoints: []ec2types.VpcEndpoint{{VpcEndpointId: aws.String("vpce-1")}}}, f.refuse("DescribeVpcEndpoints")
}
func (f *fakeNetwork) DescribeSecurityGroups(context.Context, *ec2.DescribeSecurityGroupsInput, ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error) {
	defer f.enter("DescribeSecurityGroups")()
	return &ec2.DescribeSecurityGroupsOutput{SecurityGroups: []ec2types.SecurityGroup{{GroupId: aws.String("sg-1")}}}, f.refuse("DescribeSecurityGroups")
}
func (f *fakeNetwork) DescribeNetworkAcls(context.Context, *ec2.DescribeNetworkAclsInput, ...func(*ec2.Options)) (*ec2.DescribeNetworkAclsOutput, error) {
	defer f.enter("DescribeNetworkAcls")()
	return &ec2.DescribeNetworkAclsOutput{NetworkAcls: []ec2types.NetworkAcl{{NetworkAclId: aws.String("acl-1")}}}, f.refuse("DescribeNetworkAcls")
}
func (f *fakeNetwork) DescribeNatGateways(context.Context, *ec2.DescribeNatGatewaysInput, ...func(*ec2.Options)) (*ec2.DescribeNatGatewaysOutput, error) {
	defer f.enter("DescribeNatGateways")()
	return &ec2.DescribeNatGatewaysOutput{NatGateways: []ec2types.NatGateway{{NatGatewayId: aws.String("nat-1")}}}, f.refuse("DescribeNatGateways")
}
func (f *fakeNetwork) DescribeSubnets(context.Context, *ec2.DescribeSubnetsInput, ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error) {
	defer f.enter("DescribeSubnets")()
	return &ec2.DescribeSubnetsOutput{Subnets: []ec2types.Subnet{{SubnetId: aws.String("subnet-1")}}}, f.refuse("DescribeSubnets")
}

func TestNetworkReadsEachVPCOncePaged(t *testing.T) {
	f := &fakeNetwork{}
	n := NewNetwork(f, 2)
	for range 5 { // five instances in one VPC
		v, err := n.VPC(context.Background(), "vpc-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(v.RouteTables) != 2 || len(v.Endpoints) != 1 || len(v.SecurityGroups) != 1 || len(v.NetworkACLs) != 1 ||
			len(v.NATGateways) != 1 || len(v.Subnets) != 1 || v.VpcID != "vpc-1" {
			t.Fatalf("VPC %+v", v)
		}
	}
	if got := f.count("DescribeRouteTables"); got != 2 {
		t.Errorf("DescribeRouteTables called %d times, want 2 (two pages, once)", got)
	}
	if got := f.count("DescribeSubnets"); got != 1 {
		t.Errorf("DescribeSubnets called %d times, want 1", got)
	}
	if p := f.peak.Load(); p > 2 {
		t.Errorf("%d calls in flight, want at most 2", p)
	}
}

func TestNetworkDeniedNamesThePermission(t *testing.T) {
	n := NewNetwork(&fakeNetwork{deny: "DescribeVpcEndpoints"}, 0)
	_, err := n.VPC(context.Background(), "vpc-1")
	if !check.Denied(err) || !strings.Contains(check.Why(err), "needs permission ec2:DescribeVpcEndpoints") {
		t.Errorf("err %v, why %q", err, check.Why(err))
	}
}

type fakeBucket struct{ code string }

func (f fakeBucket) GetBucketEncryption(context.Context, *s3.GetBucketEncryptionInput, ...func(*s3.Options)) (*s3.GetBucketEncryptionOutput, error) {
	if f.code == "" {
		return &s3.GetBucketEncryptionOutput{}, nil
	}
	return nil, &smithy.OperationError{ServiceID: "S3", OperationName: "GetBucketEncryption", Err: &smithy.GenericAPIError{Code: f.code}}
}

func TestBucketExistenceAndEncryption(t *testing.T) {
	tests := []struct {
		code              string
		exists, encrypted bool
		err               string
	}{
		{code: "NoSuchBucket"},
		{code: "ServerSideEncryptionConfigurationNotFoundError", exists: true},
		{code: "AccessDenied", err: "needs permission s3:GetEncryptionConfiguration"},
	}
	for _, tt := range tests {
		a := &Account{S3: fakeBucket{code: tt.code}}
		b, err := a.Bucket(context.Background(), "logs")
		if b.Exists != tt.exists || b.Encrypted != tt.encrypted {
			t.Errorf("%s: %+v", tt.code, b)
		}
		if (tt.err == "") != (err == nil) || (err != nil && !strings.Contains(check.Why(err), tt.err)) {
			t.Errorf("%s: err %v", tt.code, err)
		}
	}
}
