package authz

import (
	"context"
	"maps"
	"strings"

	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
)

// principal is a caller the model can find policies for.
type principal struct {
	arn, account, userID string
	// kind is "role" (a role session), "user" or "root"; name the role or user name.
	kind, name, session string
}

// unknownCaller is what moto's GetCallerIdentity answers for an access key it never issued.
const unknownCaller = "arn:aws:sts::123456789012:user/moto"

// parseCaller classifies a caller ARN; ok is false for credentials IAM would not accept.
func parseCaller(c Caller) (principal, bool) {
	p := principal{arn: c.ARN, account: c.Account, userID: c.UserID}
	if c.ARN == "" || c.ARN == unknownCaller {
		return p, false
	}
	parts := strings.SplitN(c.ARN, ":", 6)
	if len(parts) != 6 {
		return p, false
	}
	typ, rest, _ := strings.Cut(parts[5], "/")
	switch {
	case parts[2] == "sts" && typ == "assumed-role":
		p.kind = "role"
		p.name, p.session, _ = strings.Cut(rest, "/")
	case parts[2] == "iam" && typ == "user":
		p.kind, p.name = "user", rest[strings.LastIndex(rest, "/")+1:]
	case parts[2] == "iam" && parts[5] == "root":
		p.kind = "root"
	default:
		return p, false
	}
	return p, p.kind == "root" || p.name != ""
}

// identityOf loads the caller's policies; root has none and needs none.
func (a *Authorizer) identityOf(ctx context.Context, p principal) (*identity, error) {
	switch p.kind {
	case "role":
		return a.load.role(ctx, p.account, p.name)
	case "user":
		return a.load.user(ctx, p.account, p.name)
	}
	return &identity{ARN: p.arn, Exists: true}, nil
}

// decide evaluates the action on every resource; all must be allowed.
func (a *Authorizer) decide(ctx context.Context, c Call, p principal, action string, res []resource) Decision {
	d := Decision{Action: action}
	if len(res) > 0 {
		d.Resource = res[0].arn
	}
	id, err := a.identityOf(ctx, p)
	if err != nil {
		d.Outcome, d.Message = ModelError, err.Error()
		return d
	}
	if !id.Exists {
		d.Outcome = BadCaller // the role or user behind these credentials is gone
		return d
	}
	set := policy.Set{Identity: id.Policies, Boundaries: id.Boundary, SCPs: a.levels(p.account, organization.TypeSCP)}
	reqCtx := a.requestContext(c, p, id)
	for _, r := range res {
		s := set
		s.Resource = r.policy
		if rcpServices[c.Service] && r.account != "" {
			s.RCPs = a.levels(r.account, organization.TypeRCP)
		}
		out, err := policy.Evaluate(policy.Request{Principal: p.arn, Action: action,
			Resources: []policy.Resource{{ARN: r.arn, Context: r.ctx}}, Context: reqCtx}, s)
		if err != nil {
			d.Outcome, d.Message = ModelError, "the sandbox's IAM model cannot evaluate "+action+": "+err.Error()
			return d
		}
		if !out.Allowed() {
			d.Outcome, d.Resource = Denied, r.arn
			d.Message = refusal(p.arn, action, r.arn, out.Resources[0])
			return d
		}
	}
	d.Outcome = Allowed
	return d
}

// rcpServices are the services of the sandbox whose resources RCPs govern
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html).
var rcpServices = map[string]bool{"s3": true, "sts": true, "kms": true}

// requestContext is the global condition keys AWS sets for the call
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
func (a *Authorizer) requestContext(c Call, p principal, id *identity) policy.Context {
	ctx := policy.RequestContext(c.Region, c.Time)
	if c.SourceIP != "" {
		ctx.Set("aws:SourceIp", c.SourceIP)
	}
	if p.userID != "" {
		ctx.Set("aws:userid", p.userID)
	}
	if p.kind == "role" {
		ctx.Set("aws:PrincipalArn", id.ARN) // with the role's path, which a session ARN lacks
	}
	tags := maps.Clone(id.Tags)
	if ic := a.opts.IdentityCenter; ic != nil && p.kind == "role" && isReservedSSORole(id.ARN) {
		maps.Copy(tags, ic.SessionTags[p.session])
	}
	for k, v := range tags {
		ctx.Set("aws:PrincipalTag/"+k, v)
	}
	if o := a.opts.Org; o != nil {
		if chain := o.Chain(p.account); chain != nil {
			ctx.Set("aws:PrincipalOrgID", o.ID)
			path := o.ID + "/"
			for _, id := range chain[:len(chain)-1] {
				path += id + "/"
			}
			ctx.SetMulti("aws:PrincipalOrgPaths", path)
		}
	}
	switch c.Service {
	case "ec2":
		ctx.Set("ec2:Region", c.Region)
	case "kms":
		ctx.Set("kms:CallerAccount", p.account)
	}
	return ctx
}

// isReservedSSORole reports whether a role is one Identity Center provisioned
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html).
func isReservedSSORole(roleARN string) bool {
	return strings.Contains(roleARN, ":role/aws-reserved/sso.amazonaws.com/") && strings.Contains(roleARN, "/AWSReservedSSO_")
}
