package identitycenter

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"

	"github.com/ssmkit/ssmkit/internal/check"
)

// ErrNoInstance: the caller sees no Identity Center instance in its region
// (a member account, or the wrong region).
var ErrNoInstance = errors.New("no IAM Identity Center instance is visible here")

// Instance is the Identity Center instance and its ABAC configuration.
type Instance struct {
	ARN, IdentityStoreID string
	// OwnerAccount is the account that owns the instance, when AWS says.
	OwnerAccount string
	// Attributes are the access-control attributes (ABAC): session tag key
	// and the identity-source attribute it takes its value from. AttributesErr
	// is set when the configuration could not be read.
	Attributes    []Attribute
	AttributesErr error
}

// Attribute is one access-control attribute: Key becomes the session's
// aws:PrincipalTag/Key, with the value Sources name.
type Attribute struct {
	Key     string   `json:"key"`
	Sources []string `json:"sources"`
}

// Instance reads the first Identity Center instance (an organization has
// one) and its access-control attribute configuration.
func (d *Directory) Instance(ctx context.Context) (Instance, error) {
	return d.instance.Do("", func() (Instance, error) {
		var in Instance
		p := ssoadmin.NewListInstancesPaginator(d.admin, &ssoadmin.ListInstancesInput{})
		for p.HasMorePages() && in.ARN == "" {
			page, err := call(ctx, d, func() (*ssoadmin.ListInstancesOutput, error) { return p.NextPage(ctx) })
			if err != nil {
				return Instance{}, check.Read("sso:ListInstances", "", err)
			}
			for _, i := range page.Instances {
				in.ARN, in.IdentityStoreID, in.OwnerAccount = aws.ToString(i.InstanceArn), aws.ToString(i.IdentityStoreId), aws.ToString(i.OwnerAccountId)
				break
			}
		}
		if in.ARN == "" {
			return Instance{}, ErrNoInstance
		}
		in.Attributes, in.AttributesErr = d.attributes(ctx, in.ARN)
		return in, nil
	})
}

// attributes reads the ABAC configuration; none configured is no attributes.
func (d *Directory) attributes(ctx context.Context, instanceARN string) ([]Attribute, error) {
	out, err := call(ctx, d, func() (*ssoadmin.DescribeInstanceAccessControlAttributeConfigurationOutput, error) {
		return d.admin.DescribeInstanceAccessControlAttributeConfiguration(ctx,
			&ssoadmin.DescribeInstanceAccessControlAttributeConfigurationInput{InstanceArn: aws.String(instanceARN)})
	})
	var notFound *ssotypes.ResourceNotFoundException
	if errors.As(err, &notFound) {
		return nil, nil
	}
	if err != nil {
		return nil, check.Read("sso:DescribeInstanceAccessControlAttributeConfiguration", instanceARN, err)
	}
	if out.InstanceAccessControlAttributeConfiguration == nil {
		return nil, nil
	}
	var attrs []Attribute
	for _, a := range out.InstanceAccessControlAttributeConfiguration.AccessControlAttributes {
		at := Attribute{Key: aws.ToString(a.Key)}
		if a.Value != nil {
			at.Sources = a.Value.Source
		}
		attrs = append(attrs, at)
	}
	return attrs, nil
}
