package authz

import (
	"context"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// fakeRole is a role as the fake IAM holds it.
type fakeRole struct {
	path, trust, boundary string
	inline                map[string]string
	attached              []string
	tags                  map[string]string
}

// fakeWorld is an in-memory IAM, KMS and S3 for the model's unit tests; documents are
// stored URL-encoded, as IAM returns them.
type fakeWorld struct {
	roles   map[string]fakeRole // account/name
	users   map[string]fakeRole // account/name (trust unused)
	managed map[string]string   // policy ARN -> document
	keys    map[string]string   // key ARN -> key policy
	aliases map[string]string   // alias/x -> key ARN
	buckets map[string]string   // bucket -> policy
	gets    int                 // GetRole calls, to check caching
}

func (f *fakeWorld) IAM(account string) IAMReader { return fakeIAM{f, account} }
func (f *fakeWorld) KMS(account, region string) KMSReader {
	return fakeKMS{f}
}
func (f *fakeWorld) S3(account, region string) S3Reader { return fakeS3{f} }

type fakeIAM struct {
	f       *fakeWorld
	account string
}

func noSuchEntity() error { return &iamtypes.NoSuchEntityException{Message: aws.String("not found")} }

func tagList(m map[string]string) []iamtypes.Tag {
	var out []iamtypes.Tag
	for k, v := range m {
		out = append(out, iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func (c fakeIAM) GetRole(_ context.Context, in *iam.GetRoleInput, _ ...func(*iam.Options)) (*iam.GetRoleOutput, error) {
	c.f.gets++
	r, ok := c.f.roles[c.account+"/"+aws.ToString(in.RoleName)]
	if !ok {
		return nil, noSuchEntity()
	}
	out := &iamtypes.Role{Arn: aws.String("arn:aws:iam::" + c.account + ":role" + r.path + aws.ToString(in.RoleName)),
		AssumeRolePolicyDocument: aws.String(url.PathEscape(r.trust)), Tags: tagList(r.tags)}
	if r.boundary != "" {
		out.PermissionsBoundary = &iamtypes.AttachedPermissionsBoundary{PermissionsBoundaryArn: aws.String(r.boundary)}
	}
	return &iam.GetRoleOutput{Role: out}, nil
}

func (c fakeIAM) ListRolePolicies(_ context.Context, in *iam.ListRolePoliciesInput, _ ...func(*iam.Options)) (*iam.ListRolePoliciesOutput, error) {
	var names []string
	for n := range c.f.roles[c.account+"/"+aws.ToString(in.RoleName)].inline {
		names = append(names, n)
	}
	return &iam.ListRolePoliciesOutput{PolicyNames: names}, nil
}

func (c fakeIAM) GetRolePolicy(_ context.Context, in *iam.GetRolePolicyInput, _ ...func(*iam.Options)) (*iam.GetRolePolicyOutput, error) {
	doc := c.f.roles[c.account+"/"+aws.ToString(in.RoleName)].inline[aws.ToString(in.PolicyName)]
	return &iam.GetRolePolicyOutput{PolicyDocument: aws.String(url.PathEscape(doc))}, nil
}

func attachedList(arns []string) []iamtypes.AttachedPolicy {
	var out []iamtypes.AttachedPolicy
	for _, a := range arns {
		out = append(out, iamtypes.AttachedPolicy{PolicyArn: aws.String(a)})
	}
	return out
}

func (c fakeIAM) ListAttachedRolePolicies(_ context.Context, in *iam.ListAttachedRolePoliciesInput, _ ...func(*iam.Options)) (*iam.ListAttachedRolePoliciesOutput, error) {
	return &iam.ListAttachedRolePoliciesOutput{AttachedPolicies: attachedList(c.f.roles[c.account+"/"+aws.ToString(in.RoleName)].attached)}, nil
}

func (c fakeIAM) GetPolicy(_ context.Context, in *iam.GetPolicyInput, _ ...func(*iam.Options)) (*iam.GetPolicyOutput, error) {
	if _, ok := c.f.managed[aws.ToString(in.PolicyArn)]; !ok {
		return nil, noSuchEntity()
	}
	return &iam.GetPolicyOutput{Policy: &iamtypes.Policy{DefaultVersionId: aws.String("v1")}}, nil
}

func (c fakeIAM) GetPolicyVersion(_ context.Context, in *iam.GetPolicyVersionInput, _ ...func(*iam.Options)) (*iam.GetPolicyVersionOutput, error) {
	return &iam.GetPolicyVersionOutput{PolicyVersion: &iamtypes.PolicyVersion{Document: aws.String(url.PathEscape(c.f.managed[aws.ToString(in.PolicyArn)]))}}, nil
}

func (c fakeIAM) GetUser(_ context.Context, in *iam.GetUserInput, _ ...func(*iam.Options)) (*iam.GetUserOutput, error) {
	u, ok := c.f.users[c.account+"/"+aws.ToString(in.UserName)]
	if !ok {
		return nil, noSuchEntity()
	}
	return &iam.GetUserOutput{User: &iamtypes.User{Arn: aws.String("arn:aws:iam::" + c.account + ":user/" + aws.ToString(in.UserName)), Tags: tagList(u.tags)}}, nil
}

func (c fakeIAM) ListUserPolicies(_ context.Context, in *iam.ListUserPoliciesInput, _ ...func(*iam.Options)) (*iam.ListUserPoliciesOutput, error) {
	var names []string
	for n := range c.f.users[c.account+"/"+aws.ToString(in.UserName)].inline {
		names = append(names, n)
	}
	return &iam.ListUserPoliciesOutput{PolicyNames: names}, nil
}

func (c fakeIAM) GetUserPolicy(_ context.Context, in *iam.GetUserPolicyInput, _ ...func(*iam.Options)) (*iam.GetUserPolicyOutput, error) {
	doc := c.f.users[c.account+"/"+aws.ToString(in.UserName)].inline[aws.ToString(in.PolicyName)]
	return &iam.GetUserPolicyOutput{PolicyDocument: aws.String(url.PathEscape(doc))}, nil
}

func (c fakeIAM) ListAttachedUserPolicies(_ context.Context, in *iam.ListAttachedUserPoliciesInput, _ ...func(*iam.Options)) (*iam.ListAttachedUserPoliciesOutput, error) {
	return &iam.ListAttachedUserPoliciesOutput{AttachedPolicies: attachedList(c.f.users[c.account+"/"+aws.ToString(in.UserName)].attached)}, nil
}

func (c fakeIAM) ListGroupsForUser(context.Context, *iam.ListGroupsForUserInput, ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error) {
	return &iam.ListGroupsForUserOutput{}, nil
}

func (c fakeIAM) ListGroupPolicies(context.Context, *iam.ListGroupPoliciesInput, ...func(*iam.Options)) (*iam.ListGroupPoliciesOutput, error) {
	return &iam.ListGroupPoliciesOutput{}, nil
}

func (c fakeIAM) GetGroupPolicy(context.Context, *iam.GetGroupPolicyInput, ...func(*iam.Options)) (*iam.GetGroupPolicyOutput, error) {
	return &iam.GetGroupPolicyOutput{}, nil
}

func (c fakeIAM) ListAttachedGroupPolicies(context.Context, *iam.ListAttachedGroupPoliciesInput, ...func(*iam.Options)) (*iam.ListAttachedGroupPoliciesOutput, error) {
	return &iam.ListAttachedGroupPoliciesOutput{}, nil
}

type fakeKMS struct{ f *fakeWorld }

func (k fakeKMS) DescribeKey(_ context.Context, in *kms.DescribeKeyInput, _ ...func(*kms.Options)) (*kms.DescribeKeyOutput, error) {
	ref := aws.ToString(in.KeyId)
	if arn, ok := k.f.aliases[ref]; ok {
		ref = arn
	}
	if _, ok := k.f.keys[ref]; !ok {
		return nil, &kmstypes.NotFoundException{Message: aws.String("no key")}
	}
	return &kms.DescribeKeyOutput{KeyMetadata: &kmstypes.KeyMetadata{Arn: aws.String(ref), KeyId: aws.String(ref[strings.LastIndex(ref, "/")+1:])}}, nil
}

func (k fakeKMS) GetKeyPolicy(_ context.Context, in *kms.GetKeyPolicyInput, _ ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error) {
	for arn, p := range k.f.keys {
		if strings.HasSuffix(arn, "/"+aws.ToString(in.KeyId)) {
			return &kms.GetKeyPolicyOutput{Policy: aws.String(p)}, nil
		}
	}
	return nil, &kmstypes.NotFoundException{}
}

type fakeS3 struct{ f *fakeWorld }

func (s fakeS3) GetBucketPolicy(_ context.Context, in *s3.GetBucketPolicyInput, _ ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error) {
	p, ok := s.f.buckets[aws.ToString(in.Bucket)]
	if !ok {
		return nil, &smithy.GenericAPIError{Code: "NoSuchBucketPolicy"}
	}
	return &s3.GetBucketPolicyOutput{Policy: aws.String(p)}, nil
}
