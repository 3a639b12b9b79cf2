package target

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/ssmkit/ssmkit/internal/check"
)

// EC2API is the one EC2 call target resolution makes.
type EC2API interface {
	DescribeInstances(context.Context, *ec2.DescribeInstancesInput, ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error)
}

// SSMAPI are the Systems Manager reads: node state, hybrid nodes' tags,
// and whether a node can take a session now.
type SSMAPI interface {
	DescribeInstanceInformation(context.Context, *ssm.DescribeInstanceInformationInput, ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error)
	ListTagsForResource(context.Context, *ssm.ListTagsForResourceInput, ...func(*ssm.Options)) (*ssm.ListTagsForResourceOutput, error)
	GetConnectionStatus(context.Context, *ssm.GetConnectionStatusInput, ...func(*ssm.Options)) (*ssm.GetConnectionStatusOutput, error)
}

// Resolver finds targets in one account and region.
type Resolver struct {
	EC2 EC2API
	SSM SSMAPI
	// AccountID, Region and Partition are where the clients point (the
	// caller's account: DescribeInstances sees no other).
	AccountID, Region, Partition string
	// Concurrency bounds the calls in flight (default 8).
	Concurrency int
}

// Match is what one spec resolved to. No targets and no error means nothing
// matched; Err means the lookup itself failed (the answer is unknown).
type Match struct {
	Spec    Spec
	Targets []Target
	Err     error
}

// EC2 filter limits: at most 200 values per filter, 1000 results per page.
const (
	maxFilterValues = 200
	ec2PageSize     = 1000
	ssmPageSize     = 50
)

// liveStates excludes terminated instances from name, tag, IP and DNS
// lookups: a Name reused by a terminated instance is not a target.
var liveStates = []string{"pending", "running", "shutting-down", "stopping", "stopped"}

// Resolve resolves every spec with batch calls: one DescribeInstances (per
// page) for each kind of filter the specs use, and DescribeInstanceInformation
// for the matched ids. Results are in spec order.
func (r *Resolver) Resolve(ctx context.Context, specs []Spec) []Match {
	// When every spec is an id, their managed-node records are asked for
	// while EC2 is (the pre-flight's one target costs one round trip fewer);
	// otherwise once EC2 has named the instances.
	early := startNodeLookup(ctx, r, specs)
	groups := ec2Groups(specs)
	instances := map[string]Target{}
	groupErr := map[string]error{}
	var mu sync.Mutex
	r.parallel(len(groups), func(i int) {
		ts, err := r.describe(ctx, groups[i].filters)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			groupErr[groups[i].name] = err
			return
		}
		for _, t := range ts {
			instances[t.ID] = t
		}
	})
	ids := make([]string, 0, len(instances))
	for id := range instances {
		ids = append(ids, id)
	}
	var nodeErr error
	nodes := map[string]Node{}
	var hybrid []Target
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		nodes, nodeErr = early.wait(ctx, r, ids)
	}()
	var hybridErr error
	if needsHybridLookup(specs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hybrid, hybridErr = r.hybridNodes(ctx, specs)
		}()
	}
	wg.Wait()

	all := make([]Target, 0, len(instances)+len(hybrid))
	for _, id := range sortedCopy(ids) {
		t := instances[id]
		attachNode(&t, nodes, nodeErr)
		all = append(all, t)
	}
	seen := map[string]bool{}
	for _, t := range hybrid {
		seen[t.ID] = true
		all = append(all, t)
	}
	for _, sp := range specs { // mi- ids named directly
		if sp.Kind != ManagedID || seen[sp.Value] {
			continue
		}
		if n, ok := nodes[sp.Value]; ok {
			all = append(all, r.hybridTarget(sp.Value, n))
			seen[sp.Value] = true
		}
	}
	r.tagHybrid(ctx, all)
	out := make([]Match, len(specs))
	for i, sp := range specs {
		out[i] = Match{Spec: sp, Err: specErr(sp, groupErr, nodeErr, hybridErr)}
		for _, t := range all {
			if sp.Matches(t) {
				out[i].Targets = append(out[i].Targets, t)
			}
		}
		if len(out[i].Targets) > 0 {
			out[i].Err = nil // found: a failed side lookup does not hide it
		}
	}
	return out
}

// specErr is the lookup failure that leaves a spec's answer unknown.
func specErr(sp Spec, groupErr map[string]error, nodeErr, hybridErr error) error {
	if sp.Kind == ManagedID {
		return nodeErr
	}
	if err := groupErr[filterName(sp)]; err != nil {
		return err
	}
	if sp.Kind == Name || sp.Kind == Tag || sp.Kind == PrivateIP {
		return hybridErr
	}
	return nil
}

func attachNode(t *Target, nodes map[string]Node, err error) {
	if n, ok := nodes[t.ID]; ok {
		t.Node = &n
		return
	}
	t.NodeErr = err
}

// parallel runs fn(0..n-1) with at most Concurrency at once.
func (r *Resolver) parallel(n int, fn func(int)) {
	limit := r.Concurrency
	if limit <= 0 {
		limit = 8
	}
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			fn(i)
		}(i)
	}
	wg.Wait()
}

// ec2Group is one DescribeInstances query: a filter name and its values.
type ec2Group struct {
	name    string
	filters []ec2types.Filter
}

// filterName is the EC2 filter a spec is looked up with ("" for mi- ids).
func filterName(sp Spec) string {
	switch sp.Kind {
	case InstanceID:
		return "instance-id"
	case Name, Tag:
		return "tag:" + sp.Key
	case PrivateIP:
		return "private-ip-address"
	case PublicIP:
		return "ip-address"
	case PrivateDNS:
		return "private-dns-name"
	case PublicDNS:
		return "dns-name"
	}
	return ""
}

// ec2Groups gathers the specs' values per filter, chunked to EC2's limit.
func ec2Groups(specs []Spec) []ec2Group {
	values := map[string][]string{}
	var names []string
	for _, sp := range specs {
		name := filterName(sp)
		if name == "" {
			continue
		}
		if _, ok := values[name]; !ok {
			names = append(names, name)
		}
		if !contains(values[name], sp.Value) {
			values[name] = append(values[name], sp.Value)
		}
	}
	var out []ec2Group
	for _, name := range names {
		vs := values[name]
		for start := 0; start < len(vs); start += maxFilterValues {
			chunk := vs[start:min(start+maxFilterValues, len(vs))]
			fs := []ec2types.Filter{{Name: aws.String(name), Values: chunk}}
			if name != "instance-id" {
				fs = append(fs, ec2types.Filter{Name: aws.String("instance-state-name"), Values: liveStates})
			}
			out = append(out, ec2Group{name: name, filters: fs})
		}
	}
	return out
}

// describe pages through DescribeInstances with filters.
func (r *Resolver) describe(ctx context.Context, filters []ec2types.Filter) ([]Target, error) {
	var out []Target
	p := ec2.NewDescribeInstancesPaginator(r.EC2, &ec2.DescribeInstancesInput{Filters: filters, MaxResults: aws.Int32(ec2PageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, check.Read("ec2:DescribeInstances", "", err)
		}
		for _, res := range page.Reservations {
			for _, in := range res.Instances {
				out = append(out, r.fromInstance(in))
			}
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// needsHybridLookup reports whether some spec could name a hybrid node by
// something other than its id.
func needsHybridLookup(specs []Spec) bool {
	for _, sp := range specs {
		if sp.Kind == Name || sp.Kind == Tag || sp.Kind == PrivateIP {
			return true
		}
	}
	return false
}

// lowerTrim normalises an EC2 enum for comparisons.
func lowerTrim(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
