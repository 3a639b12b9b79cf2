package gather

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/policy"
)

// IAMAPI are the IAM reads gather makes.
type IAMAPI interface {
	GetRole(context.Context, *iam.GetRoleInput, ...func(*iam.Options)) (*iam.GetRoleOutput, error)
	ListRolePolicies(context.Context, *iam.ListRolePoliciesInput, ...func(*iam.Options)) (*iam.ListRolePoliciesOutput, error)
	GetRolePolicy(context.Context, *iam.GetRolePolicyInput, ...func(*iam.Options)) (*iam.GetRolePolicyOutput, error)
	ListAttachedRolePolicies(context.Context, *iam.ListAttachedRolePoliciesInput, ...func(*iam.Options)) (*iam.ListAttachedRolePoliciesOutput, error)
	GetPolicy(context.Context, *iam.GetPolicyInput, ...func(*iam.Options)) (*iam.GetPolicyOutput, error)
	GetPolicyVersion(context.Context, *iam.GetPolicyVersionInput, ...func(*iam.Options)) (*iam.GetPolicyVersionOutput, error)
	GetInstanceProfile(context.Context, *iam.GetInstanceProfileInput, ...func(*iam.Options)) (*iam.GetInstanceProfileOutput, error)
	UserAPI
	SimulateAPI
}

// Source names one policy that was read, for evidence and fixes.
type Source struct {
	// Name is how explanations name the policy (the policy name).
	Name string `json:"name"`
	// Type is inline, managed, boundary or group (a user's group's policy).
	Type string `json:"type"`
	// ARN is the managed policy's ARN; inline policies have none.
	ARN string `json:"arn,omitempty"`
	// Owner is the role, user or group the inline policy belongs to.
	Owner string `json:"owner,omitempty"`
}

// Policies are a principal's identity-side policies as AWS evaluates them.
type Policies struct {
	// ARN is the role's or user's ARN, path included; Name and Path its parts.
	ARN, Name, Path string
	// ID is the role or user id (AROA..., AIDA...): aws:userid's first part.
	ID string
	// Identity holds the inline and attached policies (a user's groups' too).
	Identity []*policy.Policy
	// Boundary is the permissions boundary, nil without one.
	Boundary *policy.Policy
	// Tags are the principal's tags: aws:PrincipalTag/... of its requests.
	Tags map[string]string
	// Sources lists every policy read, in Identity order, boundary last.
	Sources []Source
}

// Role reads a role's policies by name or ARN: GetRole (path, tags,
// boundary), the inline policies and the attached policies' default versions.
func (r *Reader) Role(ctx context.Context, nameOrARN string) (Policies, error) {
	name := nameFromARN(nameOrARN, ":role/")
	return r.roles.Do(name, func() (Policies, error) {
		var (
			p        Policies
			inline   []string
			attached []iamtypes.AttachedPolicy
			sso      ssoInline
		)
		err := all(
			func() error { sso = r.prefetchSSOInline(ctx, name); return nil },
			func() error {
				out, err := call(ctx, r, func() (*iam.GetRoleOutput, error) {
					return r.c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
				})
				if err != nil {
					return check.Read("iam:GetRole", name, err)
				}
				role := out.Role
				p.ARN, p.Name, p.Path, p.ID = aws.ToString(role.Arn), aws.ToString(role.RoleName), aws.ToString(role.Path), aws.ToString(role.RoleId)
				p.Tags = tagMap(role.Tags)
				if role.PermissionsBoundary != nil {
					p.Sources = append(p.Sources, Source{Type: "boundary", ARN: aws.ToString(role.PermissionsBoundary.PermissionsBoundaryArn)})
				}
				return nil
			},
			func() (err error) { inline, err = r.listRolePolicies(ctx, name); return err },
			func() (err error) { attached, err = r.listAttachedRolePolicies(ctx, name); return err },
		)
		if err != nil {
			return Policies{}, err
		}
		return r.finish(ctx, p, inline, attached, func(n string) (string, error) {
			if sso.ok && n == ssoInlinePolicyName {
				return sso.doc, nil
			}
			out, err := call(ctx, r, func() (*iam.GetRolePolicyOutput, error) {
				return r.c.IAM.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(n)})
			})
			if err != nil {
				return "", check.Read("iam:GetRolePolicy", name+"/"+n, err)
			}
			return aws.ToString(out.PolicyDocument), nil
		})
	})
}

func (r *Reader) listRolePolicies(ctx context.Context, role string) ([]string, error) {
	var names []string
	p := iam.NewListRolePoliciesPaginator(r.c.IAM, &iam.ListRolePoliciesInput{RoleName: aws.String(role)})
	for p.HasMorePages() {
		page, err := call(ctx, r, func() (*iam.ListRolePoliciesOutput, error) { return p.NextPage(ctx) })
		if err != nil {
			return nil, check.Read("iam:ListRolePolicies", role, err)
		}
		names = append(names, page.PolicyNames...)
	}
	return names, nil
}

func (r *Reader) listAttachedRolePolicies(ctx context.Context, role string) ([]iamtypes.AttachedPolicy, error) {
	var out []iamtypes.AttachedPolicy
	p := iam.NewListAttachedRolePoliciesPaginator(r.c.IAM, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)})
	for p.HasMorePages() {
		page, err := call(ctx, r, func() (*iam.ListAttachedRolePoliciesOutput, error) { return p.NextPage(ctx) })
		if err != nil {
			return nil, check.Read("iam:ListAttachedRolePolicies", role, err)
		}
		out = append(out, page.AttachedPolicies...)
	}
	return out, nil
}

// inlineGetter reads one inline policy document of the principal being
// gathered, its error already a check.ReadError.
type inlineGetter func(name string) (string, error)

// finish reads the inline policies, the attached ones and the boundary in
// parallel and assembles them in a stable order: inline, attached, boundary.
func (r *Reader) finish(ctx context.Context, p Policies, inline []string, attached []iamtypes.AttachedPolicy,
	get inlineGetter) (Policies, error) {
	inlineDocs := make([]*policy.Policy, len(inline))
	managedDocs := make([]*policy.Policy, len(attached))
	var boundary *policy.Policy
	var fns []func() error
	for i, n := range inline {
		fns = append(fns, func() error {
			text, err := get(n)
			if err != nil {
				return err
			}
			doc, err := parseIAMDocument(n, policy.KindIdentity, text)
			inlineDocs[i] = doc
			return err
		})
	}
	for i, a := range attached {
		fns = append(fns, func() error {
			mp, err := r.managedPolicy(ctx, aws.ToString(a.PolicyArn), policy.KindIdentity)
			managedDocs[i] = mp
			return err
		})
	}
	var boundaryARN string
	for _, s := range p.Sources {
		if s.Type == "boundary" {
			boundaryARN = s.ARN
		}
	}
	if boundaryARN != "" {
		fns = append(fns, func() (err error) {
			boundary, err = r.managedPolicy(ctx, boundaryARN, policy.KindBoundary)
			return err
		})
	}
	if err := all(fns...); err != nil {
		return Policies{}, err
	}
	sources := make([]Source, 0, len(inline)+len(attached)+1)
	for _, n := range inline {
		sources = append(sources, Source{Name: n, Type: "inline", Owner: p.Name})
	}
	for i, a := range attached {
		sources = append(sources, Source{Name: managedDocs[i].Name, Type: "managed", ARN: aws.ToString(a.PolicyArn)})
	}
	if boundary != nil {
		sources = append(sources, Source{Name: boundary.Name, Type: "boundary", ARN: boundaryARN})
	}
	p.Identity = append(inlineDocs, managedDocs...)
	p.Boundary, p.Sources = boundary, sources
	return p, nil
}

// managedPolicy reads a managed policy's default version (GetPolicy, then
// GetPolicyVersion), parsed as kind; each ARN is read once per run.
func (r *Reader) managedPolicy(ctx context.Context, arn string, kind policy.Kind) (*policy.Policy, error) {
	mp, err := r.managed.Do(arn, func() (managedPolicy, error) {
		out, err := call(ctx, r, func() (*iam.GetPolicyOutput, error) {
			return r.c.IAM.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
		})
		if err != nil {
			return managedPolicy{}, check.Read("iam:GetPolicy", arn, err)
		}
		version := aws.ToString(out.Policy.DefaultVersionId)
		v, err := call(ctx, r, func() (*iam.GetPolicyVersionOutput, error) {
			return r.c.IAM.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String(version)})
		})
		if err != nil {
			return managedPolicy{}, check.Read("iam:GetPolicyVersion", arn, err)
		}
		return managedPolicy{name: aws.ToString(out.Policy.PolicyName), doc: aws.ToString(v.PolicyVersion.Document)}, nil
	})
	if err != nil {
		return nil, err
	}
	return parseIAMDocument(mp.name, kind, mp.doc)
}

// managedPolicy is a managed policy's name and default version, unparsed:
// the same policy may serve as an identity policy and as a boundary.
type managedPolicy struct{ name, doc string }

// parseIAMDocument parses a policy document as IAM returns it: URL-encoded
// JSON ("PolicyDocument ... URL-encoded compliant with RFC 3986", IAM API
// reference, GetRolePolicy).
func parseIAMDocument(name string, kind policy.Kind, doc string) (*policy.Policy, error) {
	if strings.HasPrefix(doc, "%7B") || strings.HasPrefix(doc, "%7b") || !strings.HasPrefix(strings.TrimSpace(doc), "{") {
		if d, err := url.QueryUnescape(doc); err == nil {
			doc = d
		}
	}
	p, err := policy.Parse(name, kind, []byte(doc))
	if err != nil {
		return nil, fmt.Errorf("AWS returned a policy ssmkit cannot read: %w", err)
	}
	return p, nil
}

// RoleRef is a role found through an instance profile.
type RoleRef struct {
	ARN, Name, Path string
}

// InstanceProfileRole returns the role of an instance profile (by name or
// ARN): iam:GetInstanceProfile. A profile without a role gives an error.
func (r *Reader) InstanceProfileRole(ctx context.Context, nameOrARN string) (RoleRef, error) {
	name := nameFromARN(nameOrARN, ":instance-profile/")
	return r.profiles.Do(name, func() (RoleRef, error) {
		out, err := call(ctx, r, func() (*iam.GetInstanceProfileOutput, error) {
			return r.c.IAM.GetInstanceProfile(ctx, &iam.GetInstanceProfileInput{InstanceProfileName: aws.String(name)})
		})
		if err != nil {
			return RoleRef{}, check.Read("iam:GetInstanceProfile", name, err)
		}
		if len(out.InstanceProfile.Roles) == 0 {
			return RoleRef{}, errors.New("instance profile " + name + " has no role")
		}
		role := out.InstanceProfile.Roles[0]
		return RoleRef{ARN: aws.ToString(role.Arn), Name: aws.ToString(role.RoleName), Path: aws.ToString(role.Path)}, nil
	})
}

// nameFromARN is the last path segment of an IAM ARN of the given resource
// type (":role/"), or s itself when it is a bare name.
func nameFromARN(s, kind string) string {
	if i := strings.Index(s, kind); strings.HasPrefix(s, "arn:") && i >= 0 {
		rest := s[i+len(kind):]
		return rest[strings.LastIndexByte(rest, '/')+1:]
	}
	return s
}

func tagMap(tags []iamtypes.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}
