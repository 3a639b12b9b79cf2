package authz

import (
	"context"
	"strings"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// logGroup is a log group a request names; DescribeLogGroups lists them all (log-group:*).
func logGroup(name string) resourceFunc {
	return arnOf(func(c Call) string {
		g := c.Params.Get(name)
		if strings.HasPrefix(g, "arn:") {
			return g
		}
		return regional("logs", "log-group:"+orStar(g), c)
	})
}

// ssmSetting is a service setting, arn:aws:ssm:REGION:ACCOUNT:servicesetting/ssm/...
func ssmSetting(c Call) string {
	id := c.Params.Get("SettingId")
	if strings.HasPrefix(id, "arn:") {
		return id
	}
	return regional("ssm", "servicesetting"+id, c)
}

// ssmDocument is a document ARN; documents AWS owns (AWS-*) have no account.
func ssmDocument(c Call) string {
	name := c.Params.Get("Name")
	switch {
	case strings.HasPrefix(name, "arn:"):
		return name
	case strings.HasPrefix(name, "AWS-"):
		return "arn:aws:ssm:" + c.Region + "::document/" + name
	}
	return regional("ssm", "document/"+name, c)
}

// ssmParameter is a parameter ARN: arn:aws:ssm:REGION:ACCOUNT:parameter/a/b for /a/b.
func ssmParameter(c Call) string {
	name := c.Params.Get("Name")
	if strings.HasPrefix(name, "arn:") {
		return name
	}
	return regional("ssm", "parameter/"+strings.TrimPrefix(name, "/"), c)
}

// orgTarget is the Organizations ARN of the root, OU, account or policy a request names by
// id; ids the organization does not have are authorized on "*" and answered as not found.
func orgTarget(name string) resourceFunc {
	return func(_ context.Context, a *Authorizer, c Call) ([]resource, error) {
		arn := ""
		if o := a.opts.Org; o != nil {
			arn = o.ARN(c.Params.Get(name))
		}
		r := resource{arn: orStar(arn)}
		if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && parts[4] != c.Caller.Account {
			// AWS-managed policies (account "aws") and, for a delegated administrator, the
			// management account's resources: Organizations itself decides who may read
			// them, so only the caller's own policies are left to IAM.
			r.policy = awsManagedPolicies
		}
		return []resource{r}, nil
	}
}

// policyType sets organizations:PolicyType from a Filter parameter, or from the policy.
func policyType(c Call, ctx policy.Context) {
	if f := c.Params.Get("Filter"); f != "" {
		ctx.Set("organizations:PolicyType", f)
	}
}

// ssoInstance, ssoPermissionSet and ssoAccount are Identity Center's resources
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsiamidentitycenter.html).
var (
	ssoInstance      = param("InstanceArn")
	ssoPermissionSet = param("PermissionSetArn")
	ssoAccount       = arnOf(func(c Call) string {
		id := c.Params.Get("AccountId")
		if id == "" {
			id = c.Params.Get("TargetId")
		}
		return "arn:aws:sso:::account/" + orStar(id)
	})
)

// identityStore is the identity store a request names, arn:aws:identitystore::OWNER:identitystore/ID.
func identityStore(_ context.Context, a *Authorizer, c Call) ([]resource, error) {
	owner := c.Caller.Account
	if ic := a.opts.IdentityCenter; ic != nil {
		owner = ic.Account
	}
	return []resource{{arn: "arn:aws:identitystore::" + owner + ":identitystore/" + c.Params.Get("IdentityStoreId"), account: owner}}, nil
}

// identityStoreEntity adds the user or group a request names, arn:aws:identitystore:::user/ID.
func identityStoreEntity(kind, name string) resourceFunc {
	return all(identityStore, func(_ context.Context, _ *Authorizer, c Call) ([]resource, error) {
		id := c.Params.Get(name)
		if id == "" {
			return nil, nil
		}
		return []resource{{arn: "arn:aws:identitystore:::" + kind + "/" + id}}, nil
	})
}
