package authz

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// identity is what IAM holds about a role or user: its full ARN (with path), the policies
// that apply to it (a user's groups' included), its permissions boundary and its tags.
type identity struct {
	ARN      string
	Exists   bool
	Policies []*policy.Policy
	Boundary []*policy.Policy
	Tags     map[string]string
	// Trust is a role's trust policy, the resource policy of sts:AssumeRole.
	Trust *policy.Policy
}

// loader reads identities and managed policies through IAMReaders, once each.
type loader struct {
	readers    Readers
	identities cache[*identity]
	managed    cache[*policy.Policy]
}

// role loads a role by name in account; a missing role is an identity that does not exist.
func (l *loader) role(ctx context.Context, account, name string) (*identity, error) {
	return l.identities.get("role/"+account+"/"+name, func() (*identity, error) {
		c := l.readers.IAM(account)
		out, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
		var nf *iamtypes.NoSuchEntityException
		if errors.As(err, &nf) {
			return &identity{ARN: "arn:aws:iam::" + account + ":role/" + name}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading role %s in %s: %w", name, account, err)
		}
		r := out.Role
		id := &identity{ARN: aws.ToString(r.Arn), Exists: true, Tags: iamTags(r.Tags)}
		if id.Trust, err = parseDoc("trust policy of role "+name, policy.KindResource, aws.ToString(r.AssumeRolePolicyDocument)); err != nil {
			return nil, err
		}
		if b := r.PermissionsBoundary; b != nil {
			p, err := l.managedPolicy(ctx, c, aws.ToString(b.PermissionsBoundaryArn), policy.KindBoundary)
			if err != nil {
				return nil, err
			}
			id.Boundary = []*policy.Policy{p}
		}
		return id, l.rolePolicies(ctx, c, name, id)
	})
}

func (l *loader) rolePolicies(ctx context.Context, c IAMReader, name string, id *identity) error {
	var marker *string
	for {
		out, err := c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(name), Marker: marker})
		if err != nil {
			return fmt.Errorf("listing inline policies of role %s: %w", name, err)
		}
		for _, pn := range out.PolicyNames {
			doc, err := c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(pn)})
			if err != nil {
				return fmt.Errorf("reading inline policy %s of role %s: %w", pn, name, err)
			}
			p, err := parseDoc("role/"+name+" inline policy "+pn, policy.KindIdentity, aws.ToString(doc.PolicyDocument))
			if err != nil {
				return err
			}
			id.Policies = append(id.Policies, p)
		}
		if !out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	marker = nil
	for {
		out, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(name), Marker: marker})
		if err != nil {
			return fmt.Errorf("listing managed policies of role %s: %w", name, err)
		}
		if err := l.attach(ctx, c, out.AttachedPolicies, id); err != nil {
			return err
		}
		if !out.IsTruncated {
			return nil
		}
		marker = out.Marker
	}
}

// user loads an IAM user with its groups' policies.
func (l *loader) user(ctx context.Context, account, name string) (*identity, error) {
	return l.identities.get("user/"+account+"/"+name, func() (*identity, error) {
		c := l.readers.IAM(account)
		out, err := c.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)})
		var nf *iamtypes.NoSuchEntityException
		if errors.As(err, &nf) {
			return &identity{ARN: "arn:aws:iam::" + account + ":user/" + name}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading user %s in %s: %w", name, account, err)
		}
		u := out.User
		id := &identity{ARN: aws.ToString(u.Arn), Exists: true, Tags: iamTags(u.Tags)}
		if b := u.PermissionsBoundary; b != nil {
			p, err := l.managedPolicy(ctx, c, aws.ToString(b.PermissionsBoundaryArn), policy.KindBoundary)
			if err != nil {
				return nil, err
			}
			id.Boundary = []*policy.Policy{p}
		}
		names, err := c.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String(name)})
		if err != nil {
			return nil, fmt.Errorf("listing inline policies of user %s: %w", name, err)
		}
		for _, pn := range names.PolicyNames {
			doc, err := c.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String(pn)})
			if err != nil {
				return nil, fmt.Errorf("reading inline policy %s of user %s: %w", pn, name, err)
			}
			if err := appendDoc(id, "user/"+name+" inline policy "+pn, aws.ToString(doc.PolicyDocument)); err != nil {
				return nil, err
			}
		}
		attached, err := c.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String(name)})
		if err != nil {
			return nil, fmt.Errorf("listing managed policies of user %s: %w", name, err)
		}
		if err := l.attach(ctx, c, attached.AttachedPolicies, id); err != nil {
			return nil, err
		}
		return id, l.groupPolicies(ctx, c, name, id)
	})
}

func (l *loader) groupPolicies(ctx context.Context, c IAMReader, user string, id *identity) error {
	groups, err := c.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: aws.String(user)})
	if err != nil {
		return fmt.Errorf("listing groups of user %s: %w", user, err)
	}
	for _, g := range groups.Groups {
		gn := g.GroupName
		names, err := c.ListGroupPolicies(ctx, &iam.ListGroupPoliciesInput{GroupName: gn})
		if err != nil {
			return fmt.Errorf("listing inline policies of group %s: %w", aws.ToString(gn), err)
		}
		for _, pn := range names.PolicyNames {
			doc, err := c.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: gn, PolicyName: aws.String(pn)})
			if err != nil {
				return fmt.Errorf("reading inline policy %s of group %s: %w", pn, aws.ToString(gn), err)
			}
			if err := appendDoc(id, "group/"+aws.ToString(gn)+" inline policy "+pn, aws.ToString(doc.PolicyDocument)); err != nil {
				return err
			}
		}
		attached, err := c.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: gn})
		if err != nil {
			return fmt.Errorf("listing managed policies of group %s: %w", aws.ToString(gn), err)
		}
		if err := l.attach(ctx, c, attached.AttachedPolicies, id); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) attach(ctx context.Context, c IAMReader, list []iamtypes.AttachedPolicy, id *identity) error {
	for _, a := range list {
		p, err := l.managedPolicy(ctx, c, aws.ToString(a.PolicyArn), policy.KindIdentity)
		if err != nil {
			return err
		}
		id.Policies = append(id.Policies, p)
	}
	return nil
}

// managedPolicy reads the default version of a managed policy; AWS-managed ones are read
// once for every account.
func (l *loader) managedPolicy(ctx context.Context, c IAMReader, arn string, kind policy.Kind) (*policy.Policy, error) {
	return l.managed.get(string(kind)+" "+arn, func() (*policy.Policy, error) {
		p, err := c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
		if err != nil {
			return nil, fmt.Errorf("reading managed policy %s: %w", arn, err)
		}
		v, err := c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: p.Policy.DefaultVersionId})
		if err != nil {
			return nil, fmt.Errorf("reading managed policy %s: %w", arn, err)
		}
		return parseDoc(arn, kind, aws.ToString(v.PolicyVersion.Document))
	})
}

func appendDoc(id *identity, name, doc string) error {
	p, err := parseDoc(name, policy.KindIdentity, doc)
	if err == nil {
		id.Policies = append(id.Policies, p)
	}
	return err
}

// parseDoc parses a policy document as IAM returns it: URL-encoded (RFC 3986).
func parseDoc(name string, kind policy.Kind, doc string) (*policy.Policy, error) {
	if doc == "" {
		return nil, nil
	}
	if raw, err := url.PathUnescape(doc); err == nil {
		doc = raw
	}
	p, err := policy.Parse(name, kind, []byte(doc))
	if err != nil {
		return nil, fmt.Errorf("the sandbox's IAM model cannot evaluate %w", err)
	}
	return p, nil
}

func iamTags(tags []iamtypes.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}
