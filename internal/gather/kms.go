package gather

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/policy"
)

// KMSAPI are the KMS reads for a key's policy and grants.
type KMSAPI interface {
	DescribeKey(context.Context, *kms.DescribeKeyInput, ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
	GetKeyPolicy(context.Context, *kms.GetKeyPolicyInput, ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error)
	ListGrants(context.Context, *kms.ListGrantsInput, ...func(*kms.Options)) (*kms.ListGrantsOutput, error)
}

// Key is a KMS key as the session-encryption check needs it.
type Key struct {
	ARN     string `json:"arn"`
	ID      string `json:"id"`
	Account string `json:"account"`
	State   string `json:"state"`
	// Policy is the key policy; nil with PolicyErr when it could not be read.
	Policy    *policy.Policy `json:"-"`
	PolicyErr error          `json:"-"`
}

// Key resolves a key id, alias or ARN (kms:DescribeKey) and reads its key
// policy (kms:GetKeyPolicy). A DescribeKey failure is the error; a policy
// that cannot be read leaves the key known with PolicyErr set.
func (r *Reader) Key(ctx context.Context, id string) (Key, error) {
	return r.keys.Do(id, func() (Key, error) {
		out, err := call(ctx, r, func() (*kms.DescribeKeyOutput, error) {
			return r.c.KMS.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
		})
		if err != nil {
			return Key{}, check.Read("kms:DescribeKey", id, err)
		}
		md := out.KeyMetadata
		k := Key{ARN: aws.ToString(md.Arn), ID: aws.ToString(md.KeyId), Account: aws.ToString(md.AWSAccountId), State: string(md.KeyState)}
		pol, err := call(ctx, r, func() (*kms.GetKeyPolicyOutput, error) {
			return r.c.KMS.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(k.ARN), PolicyName: aws.String("default")})
		})
		if err != nil {
			k.PolicyErr = check.Read("kms:GetKeyPolicy", k.ARN, err)
			return k, nil
		}
		k.Policy, k.PolicyErr = policy.Parse("key policy of "+k.ID, policy.KindResource, []byte(aws.ToString(pol.Policy)))
		return k, nil
	})
}

// Grant is one KMS grant on a key.
type Grant struct {
	ID               string   `json:"id"`
	Name             string   `json:"name,omitempty"`
	GranteePrincipal string   `json:"granteePrincipal"`
	Operations       []string `json:"operations"`
	// Constrained is true when the grant only applies with a given
	// encryption context.
	Constrained bool `json:"constrained,omitempty"`
}

// Grants lists a key's grants (kms:ListGrants), page by page.
func (r *Reader) Grants(ctx context.Context, keyARN string) ([]Grant, error) {
	return r.grants.Do(keyARN, func() ([]Grant, error) {
		var out []Grant
		p := kms.NewListGrantsPaginator(r.c.KMS, &kms.ListGrantsInput{KeyId: aws.String(keyARN)})
		for p.HasMorePages() {
			page, err := call(ctx, r, func() (*kms.ListGrantsOutput, error) { return p.NextPage(ctx) })
			if err != nil {
				return nil, check.Read("kms:ListGrants", keyARN, err)
			}
			for _, g := range page.Grants {
				ops := make([]string, len(g.Operations))
				for i, o := range g.Operations {
					ops[i] = string(o)
				}
				out = append(out, Grant{ID: aws.ToString(g.GrantId), Name: aws.ToString(g.Name), GranteePrincipal: aws.ToString(g.GranteePrincipal),
					Operations: ops, Constrained: g.Constraints != nil})
			}
		}
		return out, nil
	})
}
