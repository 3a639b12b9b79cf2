package seed

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// Default AMIs from moto's bundled image list, so the platform moto reports is right.
const (
	linuxAMI   = "ami-1e749f67"
	windowsAMI = "ami-03cf127a"
)

func (as *accountSeeder) instances(ctx context.Context) error {
	for _, in := range as.a.Instances {
		id, err := as.runInstance(ctx, ec2.NewFromConfig(as.cfg(as.a.SubnetRegion(in.Subnet))), in)
		if err != nil {
			return fmt.Errorf("instance %s: %w", in.Name, err)
		}
		as.res.InstanceIDs[in.Name] = id
		as.res.InstanceAccounts[in.Name] = as.a.ID
		as.res.InstanceRegions[in.Name] = as.a.SubnetRegion(in.Subnet)
	}
	if g := as.sc.Generate; g != nil && g.Account == as.a.ID {
		return as.generate(ctx, g)
	}
	return nil
}

func (as *accountSeeder) runInstance(ctx context.Context, c *ec2.Client, in scenario.Instance) (string, error) {
	ami := in.ImageID
	if ami == "" {
		ami = linuxAMI
		if strings.EqualFold(in.Platform, "windows") {
			ami = windowsAMI
		}
	}
	req := &ec2.RunInstancesInput{ImageId: aws.String(ami), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		InstanceType: ec2types.InstanceType(cmp.Or(in.InstanceType, "t3.micro")), SubnetId: aws.String(as.subnets[in.Subnet]),
		TagSpecifications: nameTag(ec2types.ResourceTypeInstance, in.Name, in.Tags)}
	for _, g := range in.SecurityGroups {
		req.SecurityGroupIds = append(req.SecurityGroupIds, as.sgs[g])
	}
	if in.InstanceProfile != "" {
		req.IamInstanceProfile = &ec2types.IamInstanceProfileSpecification{Name: aws.String(in.InstanceProfile)}
	}
	out, err := c.RunInstances(ctx, req)
	if err != nil {
		return "", err
	}
	id := aws.ToString(out.Instances[0].InstanceId)
	if in.State == "stopped" {
		if _, err := c.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: []string{id}}); err != nil {
			return "", err
		}
	}
	return id, nil
}

// generate launches g.Instances synthetic instances, spread evenly over the subnets in
// batches, and stops every 13th so the fleet has several states.
func (as *accountSeeder) generate(ctx context.Context, g *scenario.Generate) error {
	batch := min(500, (g.Instances+len(g.Subnets)-1)/len(g.Subnets))
	for start, n := 0, 0; start < g.Instances; start += batch {
		count := min(batch, g.Instances-start)
		subnet := g.Subnets[n%len(g.Subnets)]
		c := ec2.NewFromConfig(as.cfg(as.a.SubnetRegion(subnet)))
		n++
		req := &ec2.RunInstancesInput{ImageId: aws.String(linuxAMI), MinCount: aws.Int32(int32(count)), MaxCount: aws.Int32(int32(count)),
			InstanceType: ec2types.InstanceTypeT3Micro, SubnetId: aws.String(as.subnets[subnet]),
			TagSpecifications: nameTag(ec2types.ResourceTypeInstance, fmt.Sprintf("fleet-%s", subnet), map[string]string{"fleet": "true"})}
		if g.Profile != "" {
			req.IamInstanceProfile = &ec2types.IamInstanceProfileSpecification{Name: aws.String(g.Profile)}
		}
		out, err := c.RunInstances(ctx, req)
		if err != nil {
			return fmt.Errorf("fleet batch at %d: %w", start, err)
		}
		if err := associateProfile(ctx, c, g.Profile, out.Instances); err != nil {
			return fmt.Errorf("fleet batch at %d: %w", start, err)
		}
		var stop []string
		for i, inst := range out.Instances {
			name := fmt.Sprintf("fleet-%05d", start+i)
			as.res.InstanceIDs[name] = aws.ToString(inst.InstanceId)
			as.res.InstanceAccounts[name] = as.a.ID
			as.res.InstanceRegions[name] = as.a.SubnetRegion(subnet)
			if (start+i)%13 == 12 {
				stop = append(stop, aws.ToString(inst.InstanceId))
				as.res.Stopped[name] = true
			}
		}
		if len(stop) > 0 {
			if _, err := c.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: stop}); err != nil {
				return fmt.Errorf("fleet batch at %d: stopping: %w", start, err)
			}
		}
	}
	return nil
}
