package authz

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// IAMReader is the part of IAM the model reads a principal's policies from.
type IAMReader interface {
	GetRole(context.Context, *iam.GetRoleInput, ...func(*iam.Options)) (*iam.GetRoleOutput, error)
	ListRolePolicies(context.Context, *iam.ListRolePoliciesInput, ...func(*iam.Options)) (*iam.ListRolePoliciesOutput, error)
	GetRolePolicy(context.Context, *iam.GetRolePolicyInput, ...func(*iam.Options)) (*iam.GetRolePolicyOutput, error)
	ListAttachedRolePolicies(context.Context, *iam.ListAttachedRolePoliciesInput, ...func(*iam.Options)) (*iam.ListAttachedRolePoliciesOutput, error)
	GetPolicy(context.Context, *iam.GetPolicyInput, ...func(*iam.Options)) (*iam.GetPolicyOutput, error)
	GetPolicyVersion(context.Context, *iam.GetPolicyVersionInput, ...func(*iam.Options)) (*iam.GetPolicyVersionOutput, error)
	GetUser(context.Context, *iam.GetUserInput, ...func(*iam.Options)) (*iam.GetUserOutput, error)
	ListUserPolicies(context.Context, *iam.ListUserPoliciesInput, ...func(*iam.Options)) (*iam.ListUserPoliciesOutput, error)
	GetUserPolicy(context.Context, *iam.GetUserPolicyInput, ...func(*iam.Options)) (*iam.GetUserPolicyOutput, error)
	ListAttachedUserPolicies(context.Context, *iam.ListAttachedUserPoliciesInput, ...func(*iam.Options)) (*iam.ListAttachedUserPoliciesOutput, error)
	ListGroupsForUser(context.Context, *iam.ListGroupsForUserInput, ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error)
	ListGroupPolicies(context.Context, *iam.ListGroupPoliciesInput, ...func(*iam.Options)) (*iam.ListGroupPoliciesOutput, error)
	GetGroupPolicy(context.Context, *iam.GetGroupPolicyInput, ...func(*iam.Options)) (*iam.GetGroupPolicyOutput, error)
	ListAttachedGroupPolicies(context.Context, *iam.ListAttachedGroupPoliciesInput, ...func(*iam.Options)) (*iam.ListAttachedGroupPoliciesOutput, error)
}

// KMSReader finds keys and their key policies.
type KMSReader interface {
	DescribeKey(context.Context, *kms.DescribeKeyInput, ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
	GetKeyPolicy(context.Context, *kms.GetKeyPolicyInput, ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error)
}

// S3Reader reads bucket policies.
type S3Reader interface {
	GetBucketPolicy(context.Context, *s3.GetBucketPolicyInput, ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error)
}

// Readers gives the readers that act in an account (and region, for regional services).
type Readers interface {
	IAM(account string) IAMReader
	KMS(account, region string) KMSReader
	S3(account, region string) S3Reader
}

// MotoReaders reads moto directly, never through a gateway, so the model's own reads
// are not audited as the tools' calls.
type MotoReaders struct {
	URL  string
	HTTP *http.Client
}

// IAM reads IAM in account.
func (m MotoReaders) IAM(account string) IAMReader {
	return iam.NewFromConfig(seed.MotoConfig(m.URL, m.HTTP, account, "us-east-1"))
}

// KMS reads KMS in account and region.
func (m MotoReaders) KMS(account, region string) KMSReader {
	return kms.NewFromConfig(seed.MotoConfig(m.URL, m.HTTP, account, region))
}

// S3 reads S3 in account.
func (m MotoReaders) S3(account, region string) S3Reader {
	return s3.NewFromConfig(seed.MotoConfig(m.URL, m.HTTP, account, region), func(o *s3.Options) { o.UsePathStyle = true })
}
