package target

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// fakeEC2 serves DescribeInstances with the filters target uses and EC2's paging.
type fakeEC2 struct {
	instances []ec2types.Instance
	err       error
	calls     atomic.Int32
	mu        sync.Mutex
	filters   []string // filter names per call, for assertions
}

func (f *fakeEC2) DescribeInstances(_ context.Context, in *ec2.DescribeInstancesInput, _ ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error) {
	f.calls.Add(1)
	if f.err != nil {
		return nil, f.err
	}
	f.mu.Lock()
	if len(in.Filters) > 0 {
		f.filters = append(f.filters, aws.ToString(in.Filters[0].Name))
	}
	f.mu.Unlock()
	var matched []ec2types.Instance
	for _, i := range f.instances {
		if ec2Match(i, in.Filters) {
			matched = append(matched, i)
		}
	}
	start, _ := strconv.Atoi(aws.ToString(in.NextToken))
	size := int(aws.ToInt32(in.MaxResults))
	end := min(start+size, len(matched))
	out := &ec2.DescribeInstancesOutput{Reservations: []ec2types.Reservation{{Instances: matched[start:end]}}}
	if end < len(matched) {
		out.NextToken = aws.String(strconv.Itoa(end))
	}
	return out, nil
}

func ec2Match(i ec2types.Instance, filters []ec2types.Filter) bool {
	for _, f := range filters {
		name := aws.ToString(f.Name)
		var have string
		switch {
		case name == "instance-id":
			have = aws.ToString(i.InstanceId)
		case name == "instance-state-name":
			have = string(i.State.Name)
		case name == "private-ip-address":
			have = aws.ToString(i.PrivateIpAddress)
		case name == "ip-address":
			have = aws.ToString(i.PublicIpAddress)
		case name == "private-dns-name":
			have = aws.ToString(i.PrivateDnsName)
		case name == "dns-name":
			have = aws.ToString(i.PublicDnsName)
		case strings.HasPrefix(name, "tag:"):
			have = "\x00absent"
			for _, t := range i.Tags {
				if aws.ToString(t.Key) == strings.TrimPrefix(name, "tag:") {
					have = aws.ToString(t.Value)
				}
			}
		default:
			panic("unexpected filter " + name)
		}
		if !contains(f.Values, have) {
			return false
		}
	}
	return true
}

func instance(id, name, state, ip string, tags ...string) ec2types.Instance {
	in := ec2types.Instance{InstanceId: aws.String(id), State: &ec2types.InstanceState{Name: ec2types.InstanceStateName(state)},
		PrivateIpAddress: aws.String(ip), PrivateDnsName: aws.String("ip-" + strings.ReplaceAll(ip, ".", "-") + ".eu-west-1.compute.internal"),
		IamInstanceProfile: &ec2types.IamInstanceProfile{Arn: aws.String("arn:aws:iam::111122223333:instance-profile/App")},
		MetadataOptions:    &ec2types.InstanceMetadataOptionsResponse{HttpTokens: ec2types.HttpTokensStateRequired}}
	if name != "" {
		in.Tags = append(in.Tags, ec2types.Tag{Key: aws.String("Name"), Value: aws.String(name)})
	}
	for i := 0; i+1 < len(tags); i += 2 {
		in.Tags = append(in.Tags, ec2types.Tag{Key: aws.String(tags[i]), Value: aws.String(tags[i+1])})
	}
	return in
}

// fakeSSM serves DescribeInstanceInformation (InstanceIds, ResourceType, tag:K), tags and connection status.
type fakeSSM struct {
	nodes     []ssmtypes.InstanceInformation
	tags      map[string]map[string]string
	connected map[string]bool
	err       error
	dii, lt   atomic.Int32
}

func (f *fakeSSM) DescribeInstanceInformation(_ context.Context, in *ssm.DescribeInstanceInformationInput, _ ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error) {
	f.dii.Add(1)
	if f.err != nil {
		return nil, f.err
	}
	if n := aws.ToInt32(in.MaxResults); n < 5 || n > 50 {
		return nil, fmt.Errorf("MaxResults %d out of range", n)
	}
	var matched []ssmtypes.InstanceInformation
	for _, n := range f.nodes {
		ok := true
		for _, fl := range in.Filters {
			key := aws.ToString(fl.Key)
			var have string
			switch {
			case key == "InstanceIds":
				have = aws.ToString(n.InstanceId)
			case key == "ResourceType":
				have = string(n.ResourceType)
			case strings.HasPrefix(key, "tag:"):
				have = f.tags[aws.ToString(n.InstanceId)][strings.TrimPrefix(key, "tag:")]
			default:
				panic("unexpected filter " + key)
			}
			ok = ok && contains(fl.Values, have)
		}
		if ok {
			matched = append(matched, n)
		}
	}
	start, _ := strconv.Atoi(aws.ToString(in.NextToken))
	end := min(start+int(aws.ToInt32(in.MaxResults)), len(matched))
	out := &ssm.DescribeInstanceInformationOutput{InstanceInformationList: matched[start:end]}
	if end < len(matched) {
		out.NextToken = aws.String(strconv.Itoa(end))
	}
	return out, nil
}

func (f *fakeSSM) ListTagsForResource(_ context.Context, in *ssm.ListTagsForResourceInput, _ ...func(*ssm.Options)) (*ssm.ListTagsForResourceOutput, error) {
	f.lt.Add(1)
	out := &ssm.ListTagsForResourceOutput{}
	for k, v := range f.tags[aws.ToString(in.ResourceId)] {
		out.TagList = append(out.TagList, ssmtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out, nil
}

func (f *fakeSSM) GetConnectionStatus(_ context.Context, in *ssm.GetConnectionStatusInput, _ ...func(*ssm.Options)) (*ssm.GetConnectionStatusOutput, error) {
	status := ssmtypes.ConnectionStatusNotConnected
	if f.connected[aws.ToString(in.Target)] {
		status = ssmtypes.ConnectionStatusConnected
	}
	return &ssm.GetConnectionStatusOutput{Target: in.Target, Status: status}, nil
}

func node(id string, resourceType ssmtypes.ResourceType, ping ssmtypes.PingStatus, name, ip string) ssmtypes.InstanceInformation {
	return ssmtypes.InstanceInformation{InstanceId: aws.String(id), ResourceType: resourceType, PingStatus: ping,
		AgentVersion: aws.String("3.3.1142.0"), Name: aws.String(name), IPAddress: aws.String(ip), PlatformType: ssmtypes.PlatformTypeLinux}
}
