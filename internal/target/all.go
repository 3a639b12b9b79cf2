package target

import (
	"context"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// All lists every instance (not terminated) and hybrid node in the account
// and region: DescribeInstances and DescribeInstanceInformation page by page,
// in parallel, so the calls grow with pages, not instances. The error is the
// instance listing's; a failed node listing leaves each target's NodeErr set.
func (r *Resolver) All(ctx context.Context) ([]Target, error) {
	var (
		instances      []Target
		nodes          []idNode
		ec2Err, ssmErr error
		wg             sync.WaitGroup
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		instances, ec2Err = r.describe(ctx, []ec2types.Filter{{Name: aws.String("instance-state-name"), Values: liveStates}})
	}()
	go func() {
		defer wg.Done()
		nodes, ssmErr = r.nodes(ctx, nil)
	}()
	wg.Wait()
	if ec2Err != nil {
		return nil, ec2Err
	}
	byID := make(map[string]Node, len(nodes))
	for _, n := range nodes {
		byID[n.id] = n.Node
	}
	var hybrid []Target
	for _, n := range nodes {
		if n.ResourceType == ResourceManagedInstance {
			hybrid = append(hybrid, r.hybridTarget(n.id, n.Node))
		}
	}
	r.tagHybrid(ctx, hybrid)
	for i := range instances {
		attachNode(&instances[i], byID, ssmErr)
	}
	all := append(instances, hybrid...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all, nil
}
