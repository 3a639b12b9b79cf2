package target

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/ssmkit/ssmkit/internal/check"
)

// maxNodeIDs is how many ids one InstanceIds filter carries.
const maxNodeIDs = 50

// nodesByID reads the SSM view of the given ids, 50 per call and page.
func (r *Resolver) nodesByID(ctx context.Context, ids []string) (map[string]Node, error) {
	out := map[string]Node{}
	var chunks [][]string
	for start := 0; start < len(ids); start += maxNodeIDs {
		chunks = append(chunks, ids[start:min(start+maxNodeIDs, len(ids))])
	}
	var mu sync.Mutex
	var firstErr error
	r.parallel(len(chunks), func(i int) {
		nodes, err := r.nodes(ctx, []ssmtypes.InstanceInformationStringFilter{{Key: aws.String("InstanceIds"), Values: chunks[i]}})
		mu.Lock()
		defer mu.Unlock()
		if err != nil && firstErr == nil {
			firstErr = err
		}
		for _, n := range nodes {
			out[n.id] = n.Node
		}
	})
	return out, firstErr
}

type idNode struct {
	id string
	Node
}

// nodes pages through DescribeInstanceInformation with filters.
func (r *Resolver) nodes(ctx context.Context, filters []ssmtypes.InstanceInformationStringFilter) ([]idNode, error) {
	var out []idNode
	p := ssm.NewDescribeInstanceInformationPaginator(r.SSM, &ssm.DescribeInstanceInformationInput{Filters: filters, MaxResults: aws.Int32(ssmPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, check.Read("ssm:DescribeInstanceInformation", "", err)
		}
		for _, in := range page.InstanceInformationList {
			out = append(out, idNode{id: aws.ToString(in.InstanceId), Node: nodeFrom(in)})
		}
	}
	return out, nil
}

func nodeFrom(in ssmtypes.InstanceInformation) Node {
	return Node{
		PingStatus: string(in.PingStatus), LastPingAt: in.LastPingDateTime, AgentVersion: aws.ToString(in.AgentVersion),
		IsLatestVersion: in.IsLatestVersion, PlatformType: string(in.PlatformType), PlatformName: aws.ToString(in.PlatformName),
		PlatformVersion: aws.ToString(in.PlatformVersion), IAMRole: aws.ToString(in.IamRole), ResourceType: string(in.ResourceType),
		ActivationID: aws.ToString(in.ActivationId), RegistrationDate: in.RegistrationDate, ComputerName: aws.ToString(in.ComputerName),
		IPAddress: aws.ToString(in.IPAddress), Name: aws.ToString(in.Name),
	}
}

// hybridNodes finds the hybrid nodes a Name=, tag: or IP spec names: one
// listing of ResourceType=ManagedInstance (matched locally on the node's
// name and address) and one tag:KEY query per tag key, each by page; only
// the nodes that match have their tags read.
func (r *Resolver) hybridNodes(ctx context.Context, specs []Spec) ([]Target, error) {
	hybrid := ssmtypes.InstanceInformationStringFilter{Key: aws.String("ResourceType"), Values: []string{ResourceManagedInstance}}
	queries := [][]ssmtypes.InstanceInformationStringFilter{{hybrid}}
	tagValues := map[string][]string{}
	var keys []string
	for _, sp := range specs {
		if sp.Kind != Tag {
			continue
		}
		if _, ok := tagValues[sp.Key]; !ok {
			keys = append(keys, sp.Key)
		}
		tagValues[sp.Key] = append(tagValues[sp.Key], sp.Value)
	}
	for _, k := range keys {
		queries = append(queries, []ssmtypes.InstanceInformationStringFilter{hybrid, {Key: aws.String("tag:" + k), Values: tagValues[k]}})
	}
	found := map[string]Target{}
	var mu sync.Mutex
	var firstErr error
	r.parallel(len(queries), func(i int) {
		nodes, err := r.nodes(ctx, queries[i])
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			firstErr = err
			return
		}
		for _, n := range nodes {
			t := r.hybridTarget(n.id, n.Node)
			if i == 0 && !matchesUntagged(specs, t) {
				continue // the plain listing serves Name= and IP specs only
			}
			found[n.id] = t
		}
	})
	if firstErr != nil {
		return nil, firstErr
	}
	out := make([]Target, 0, len(found))
	for _, id := range sortedKeys(found) {
		out = append(out, found[id])
	}
	r.tagHybrid(ctx, out)
	return out, nil
}

// matchesUntagged reports whether a Name= or IP spec names t without its tags.
func matchesUntagged(specs []Spec, t Target) bool {
	for _, sp := range specs {
		if (sp.Kind == Name || sp.Kind == PrivateIP) && sp.Matches(t) {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]Target) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (r *Resolver) hybridTarget(id string, n Node) Target {
	return Target{ID: id, Name: n.Name, AccountID: r.AccountID, Region: r.Region, Partition: r.Partition,
		Platform: n.PlatformType, PrivateIP: n.IPAddress, Node: &n}
}

// tagHybrid reads the tags of hybrid nodes that have none yet. Systems
// Manager has no batch read of a managed node's tags, so this is the one
// per-target call (ssm:ListTagsForResource), made only for mi- nodes.
func (r *Resolver) tagHybrid(ctx context.Context, ts []Target) {
	var idx []int
	for i := range ts {
		if ts[i].IsManagedInstance() && ts[i].Tags == nil && ts[i].TagsErr == nil {
			idx = append(idx, i)
		}
	}
	r.parallel(len(idx), func(k int) {
		t := &ts[idx[k]]
		out, err := r.SSM.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{
			ResourceType: ssmtypes.ResourceTypeForTaggingManagedInstance, ResourceId: aws.String(t.ID)})
		if err != nil {
			t.TagsErr = check.Read("ssm:ListTagsForResource", t.ID, err)
			return
		}
		t.Tags = map[string]string{}
		for _, tag := range out.TagList {
			t.Tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
		}
		if t.Name == "" {
			t.Name = t.Tags["Name"]
		}
	})
}

// Connection asks whether the target can take a session now
// (ssm:GetConnectionStatus): "connected" or "notconnected".
func (r *Resolver) Connection(ctx context.Context, id string) (string, error) {
	out, err := r.SSM.GetConnectionStatus(ctx, &ssm.GetConnectionStatusInput{Target: aws.String(id)})
	if err != nil {
		return "", check.Read("ssm:GetConnectionStatus", id, err)
	}
	return strings.ToLower(string(out.Status)), nil
}

// fromInstance maps an EC2 instance to a Target.
func (r *Resolver) fromInstance(in ec2types.Instance) Target {
	t := Target{
		ID: aws.ToString(in.InstanceId), AccountID: r.AccountID, Region: r.Region, Partition: r.Partition,
		VPCID: aws.ToString(in.VpcId), SubnetID: aws.ToString(in.SubnetId),
		PrivateIP: aws.ToString(in.PrivateIpAddress), PrivateDNS: aws.ToString(in.PrivateDnsName),
		PublicIP: aws.ToString(in.PublicIpAddress), PublicDNS: aws.ToString(in.PublicDnsName),
		Tags: map[string]string{}, Platform: platform(in),
	}
	if in.State != nil {
		t.State = lowerTrim(string(in.State.Name))
	}
	for _, tag := range in.Tags {
		t.Tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	t.Name = t.Tags["Name"]
	for _, g := range in.SecurityGroups {
		t.SecurityGroups = append(t.SecurityGroups, aws.ToString(g.GroupId))
	}
	if in.IamInstanceProfile != nil {
		t.InstanceProfileARN = aws.ToString(in.IamInstanceProfile.Arn)
	}
	if in.MetadataOptions != nil {
		t.IMDSHttpTokens = string(in.MetadataOptions.HttpTokens)
	}
	return t
}

// platform is EC2's PlatformDetails, else Windows or Linux/UNIX from Platform.
func platform(in ec2types.Instance) string {
	if d := aws.ToString(in.PlatformDetails); d != "" {
		return d
	}
	if in.Platform == ec2types.PlatformValuesWindows {
		return "Windows"
	}
	return "Linux/UNIX"
}
