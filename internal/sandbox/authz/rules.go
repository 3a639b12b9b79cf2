package authz

import (
	"context"
	"strings"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// rule is how IAM authorizes one operation: its action and the resources it names.
type rule struct {
	// action is the IAM action when it is not PREFIX:Operation (s3:GetBucketEncryption is
	// authorized as s3:GetEncryptionConfiguration).
	action string
	// noAuth marks operations no IAM policy governs (sts:GetCallerIdentity).
	noAuth bool
	// res finds the resources; nil means "*" (no resource-level permissions).
	res resourceFunc
	// keys adds request-specific condition keys, such as organizations:PolicyType.
	keys func(c Call, ctx policy.Context)
}

// resource is one resource of a request, with its condition keys, its resource-based
// policy (KMS key policy, bucket policy, role trust policy) and its account.
type resource struct {
	arn     string
	ctx     policy.Context
	policy  *policy.Policy
	account string
}

type resourceFunc func(ctx context.Context, a *Authorizer, c Call) ([]resource, error)

// iamPrefixes are the IAM service prefixes that differ from the CLI's service name.
var iamPrefixes = map[string]string{"sso-admin": "sso"}

func iamPrefix(service string) string {
	if p, ok := iamPrefixes[service]; ok {
		return p
	}
	return service
}

func (r rule) actionFor(c Call) string {
	if r.action != "" {
		return r.action
	}
	return iamPrefix(c.Service) + ":" + c.Operation
}

func (r rule) resources(ctx context.Context, a *Authorizer, c Call) ([]resource, error) {
	res := []resource{{arn: "*"}}
	if r.res != nil {
		var err error
		if res, err = r.res(ctx, a, c); err != nil {
			return nil, err
		}
	}
	if r.keys != nil {
		for i := range res {
			if res[i].ctx == nil {
				res[i].ctx = policy.Context{}
			}
			r.keys(c, res[i].ctx)
		}
	}
	return res, nil
}

// lookupRule finds the rule of an operation. EC2's Describe* actions support no
// resource-level permissions, so every one of them is authorized on "*"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html).
func lookupRule(service, operation string) (rule, bool) {
	if r, ok := rules[service+":"+operation]; ok {
		return r, true
	}
	if service == "ec2" && strings.HasPrefix(operation, "Describe") {
		return rule{}, true
	}
	return rule{}, false
}

// arnOf builds a resource from an ARN the request names, in the caller's account unless the
// ARN says otherwise.
func arnOf(format func(c Call) string) resourceFunc {
	return func(_ context.Context, _ *Authorizer, c Call) ([]resource, error) {
		return []resource{{arn: format(c), account: c.Caller.Account}}, nil
	}
}

// param is the request parameter's value as a resource ARN (PolicyArn, PolicySourceArn, ...).
func param(name string) resourceFunc {
	return arnOf(func(c Call) string { return orStar(c.Params.Get(name)) })
}

// all joins the resources several functions find: every one must be allowed.
func all(fns ...resourceFunc) resourceFunc {
	return func(ctx context.Context, a *Authorizer, c Call) ([]resource, error) {
		var out []resource
		for _, f := range fns {
			r, err := f(ctx, a, c)
			if err != nil {
				return nil, err
			}
			out = append(out, r...)
		}
		return out, nil
	}
}

func orStar(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// regional builds arn:aws:SERVICE:REGION:ACCOUNT:SUFFIX in the caller's account and the
// signing region.
func regional(service, suffix string, c Call) string {
	return "arn:aws:" + service + ":" + c.Region + ":" + c.Caller.Account + ":" + suffix
}

// tagged adds a resource's tags as aws:ResourceTag/K (and the service's own key, such as
// iam:ResourceTag/K).
func tagged(tags map[string]string, serviceKey string) policy.Context {
	ctx := policy.Context{}
	for k, v := range tags {
		ctx.Set("aws:ResourceTag/"+k, v)
		if serviceKey != "" {
			ctx.Set(serviceKey+":ResourceTag/"+k, v)
		}
	}
	return ctx
}
