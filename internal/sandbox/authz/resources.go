package authz

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// iamRole is the role a request names by RoleName, with its path and tags as IAM has them.
func iamRole(name string) resourceFunc {
	return func(ctx context.Context, a *Authorizer, c Call) ([]resource, error) {
		id, err := a.load.role(ctx, c.Caller.Account, c.Params.Get(name))
		if err != nil {
			return nil, err
		}
		return []resource{{arn: id.ARN, ctx: tagged(id.Tags, "iam"), account: c.Caller.Account}}, nil
	}
}

// iamUser is the user a request names by UserName; without one, IAM acts on the caller.
func iamUser(name string) resourceFunc {
	return func(ctx context.Context, a *Authorizer, c Call) ([]resource, error) {
		user := c.Params.Get(name)
		if user == "" {
			p, _ := parseCaller(c.Caller)
			if p.kind != "user" {
				return []resource{{arn: "*", account: c.Caller.Account}}, nil
			}
			user = p.name
		}
		id, err := a.load.user(ctx, c.Caller.Account, user)
		if err != nil {
			return nil, err
		}
		return []resource{{arn: id.ARN, ctx: tagged(id.Tags, "iam"), account: c.Caller.Account}}, nil
	}
}

// iamNamed is an IAM resource by name (group, instance profile); paths are not looked up.
func iamNamed(kind, name string) resourceFunc {
	return arnOf(func(c Call) string { return "arn:aws:iam::" + c.Caller.Account + ":" + kind + "/" + c.Params.Get(name) })
}

// awsManagedPolicies stands in for what makes AWS-managed policies (arn:aws:iam::aws:policy/...,
// arn:aws:organizations::aws:policy/...) and an organization's resources readable from other
// accounts: the evaluator sees their account as another one, so it needs a resource policy
// granting them, and the caller's own policies still decide.
var awsManagedPolicies, _ = policy.Parse("AWS-managed policies are readable from every account", policy.KindResource,
	[]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["iam:Get*","iam:List*","organizations:Describe*","organizations:List*"],"Resource":"*"}]}`))

// iamPolicy is the managed policy a request names by PolicyArn.
func iamPolicy(_ context.Context, _ *Authorizer, c Call) ([]resource, error) {
	arn := c.Params.Get("PolicyArn")
	r := resource{arn: orStar(arn), account: c.Caller.Account}
	if strings.HasPrefix(arn, "arn:aws:iam::aws:policy/") {
		r.policy, r.account = awsManagedPolicies, ""
	}
	return []resource{r}, nil
}

// assumedRole is the role sts:AssumeRole names, with its trust policy as the resource policy.
func assumedRole(ctx context.Context, a *Authorizer, c Call) ([]resource, error) {
	arn := c.Params.Get("RoleArn")
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return []resource{{arn: orStar(arn)}}, nil
	}
	name := parts[5][strings.LastIndex(parts[5], "/")+1:]
	id, err := a.load.role(ctx, parts[4], name)
	if err != nil {
		return nil, err
	}
	return []resource{{arn: arn, ctx: tagged(id.Tags, "iam"), policy: id.Trust, account: parts[4]}}, nil
}

// kmsKey is the key a request names by id, ARN or alias; KMS authorizes on the key ARN,
// and the key policy must allow (or enable IAM policies for the caller's account).
func kmsKey(name string) resourceFunc {
	return func(ctx context.Context, a *Authorizer, c Call) ([]resource, error) {
		ref := c.Params.Get(name)
		account, region := c.Caller.Account, c.Region
		if parts := strings.SplitN(ref, ":", 6); len(parts) == 6 {
			region, account = parts[3], parts[4]
		}
		k, err := a.key(ctx, account, region, ref)
		if err != nil || k == nil {
			// An unknown key is KMS's NotFoundException, which moto answers.
			return nil, err
		}
		return []resource{{arn: k.arn, policy: k.policy, account: account}}, nil
	}
}

// kmsAccountPolicy stands in for a key policy on account-level KMS actions (ListAliases,
// ListKeys): IAM policies alone decide them, which the evaluator sees as a key policy
// that enables IAM policies for every account.
var kmsAccountPolicy, _ = policy.Parse("account-level KMS action (no key policy applies)", policy.KindResource,
	[]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}`))

func kmsAccount(_ context.Context, _ *Authorizer, c Call) ([]resource, error) {
	return []resource{{arn: "*", policy: kmsAccountPolicy, account: c.Caller.Account}}, nil
}

// keyInfo is a key's ARN and parsed key policy.
type keyInfo struct {
	arn    string
	policy *policy.Policy
}

func (a *Authorizer) key(ctx context.Context, account, region, ref string) (*keyInfo, error) {
	return a.keys.get(account+"/"+region+"/"+ref, func() (*keyInfo, error) {
		c := a.opts.Readers.KMS(account, region)
		d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(ref)})
		var nf *kmstypes.NotFoundException
		if errors.As(err, &nf) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		arn := aws.ToString(d.KeyMetadata.Arn)
		kp, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: d.KeyMetadata.KeyId, PolicyName: aws.String("default")})
		if err != nil {
			return nil, err
		}
		p, err := parseDoc("key policy of "+arn, policy.KindResource, aws.ToString(kp.Policy))
		return &keyInfo{arn: arn, policy: p}, err
	})
}

// bucketName is the bucket of a path-style S3 request.
func bucketName(c Call) string {
	b, _, _ := strings.Cut(strings.TrimPrefix(c.Params.Path, "/"), "/")
	return b
}

// s3Bucket is the bucket a request names, with its bucket policy.
func s3Bucket(ctx context.Context, a *Authorizer, c Call) ([]resource, error) {
	name := bucketName(c)
	owner := a.opts.Buckets[name]
	p, err := a.bucket.get(name, func() (*policy.Policy, error) {
		if owner.Account == "" {
			return nil, nil
		}
		out, err := a.opts.Readers.S3(owner.Account, owner.Region).GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(name)})
		var ae smithy.APIError
		if errors.As(err, &ae) && (ae.ErrorCode() == "NoSuchBucketPolicy" || ae.ErrorCode() == "NoSuchBucket") {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return parseDoc("bucket policy of "+name, policy.KindResource, aws.ToString(out.Policy))
	})
	if err != nil {
		return nil, err
	}
	return []resource{{arn: "arn:aws:s3:::" + name, policy: p, account: owner.Account}}, nil
}

// s3Object is the object a request names (its bucket's policy applies).
func s3Object(ctx context.Context, a *Authorizer, c Call) ([]resource, error) {
	res, err := s3Bucket(ctx, a, c)
	if err != nil {
		return nil, err
	}
	res[0].arn = "arn:aws:s3:::" + strings.TrimPrefix(c.Params.Path, "/")
	return res, nil
}
