package gather

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// ssoInlinePolicyName is the name IAM Identity Center gives a permission
// set's inline policy on each AWSReservedSSO_* role it provisions.
const ssoInlinePolicyName = "AwsSSOInlinePolicy"

// ssoInline is the inline policy of an Identity Center role, read before
// ListRolePolicies has named it.
type ssoInline struct {
	doc string
	ok  bool
}

// prefetchSSOInline reads AwsSSOInlinePolicy of an AWSReservedSSO_* role
// alongside GetRole and the policy lists, so the pre-flight for an SSO user
// does not wait a round trip more for it. It is used only when
// ListRolePolicies names it; any error (no inline policy, not allowed) is
// left to the ordinary read, which reports it.
func (r *Reader) prefetchSSOInline(ctx context.Context, role string) ssoInline {
	if !strings.HasPrefix(role, "AWSReservedSSO_") {
		return ssoInline{}
	}
	out, err := call(ctx, r, func() (*iam.GetRolePolicyOutput, error) {
		return r.c.IAM.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(ssoInlinePolicyName)})
	})
	if err != nil || out.PolicyDocument == nil {
		return ssoInline{}
	}
	return ssoInline{doc: aws.ToString(out.PolicyDocument), ok: true}
}
