package seed

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// associateProfile gives every instance of a RunInstances batch its instance
// profile: moto associates the profile of a multi-instance RunInstances with
// the first instance only (moto 5.2, ec2/responses/instances.py), where AWS
// gives it to all. The rest are associated here, a few calls at a time.
func associateProfile(ctx context.Context, c *ec2.Client, profile string, instances []ec2types.Instance) error {
	if profile == "" || len(instances) < 2 {
		return nil
	}
	sem := make(chan struct{}, 8)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for _, in := range instances[1:] {
		if in.IamInstanceProfile != nil {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(id string) {
			defer func() { <-sem; wg.Done() }()
			_, err := c.AssociateIamInstanceProfile(ctx, &ec2.AssociateIamInstanceProfileInput{InstanceId: aws.String(id),
				IamInstanceProfile: &ec2types.IamInstanceProfileSpecification{Name: aws.String(profile)}})
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("associating instance profile %s with %s: %w", profile, id, err)
				}
				mu.Unlock()
			}
		}(aws.ToString(in.InstanceId))
	}
	wg.Wait()
	return firstErr
}
