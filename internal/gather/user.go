package gather

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/ssmkit/ssmkit/internal/check"
)

// UserAPI are the IAM reads for an IAM user's policies and its groups'.
type UserAPI interface {
	GetUser(context.Context, *iam.GetUserInput, ...func(*iam.Options)) (*iam.GetUserOutput, error)
	ListUserPolicies(context.Context, *iam.ListUserPoliciesInput, ...func(*iam.Options)) (*iam.ListUserPoliciesOutput, error)
	GetUserPolicy(context.Context, *iam.GetUserPolicyInput, ...func(*iam.Options)) (*iam.GetUserPolicyOutput, error)
	ListAttachedUserPolicies(context.Context, *iam.ListAttachedUserPoliciesInput, ...func(*iam.Options)) (*iam.ListAttachedUserPoliciesOutput, error)
	ListGroupsForUser(context.Context, *iam.ListGroupsForUserInput, ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error)
	ListGroupPolicies(context.Context, *iam.ListGroupPoliciesInput, ...func(*iam.Options)) (*iam.ListGroupPoliciesOutput, error)
	GetGroupPolicy(context.Context, *iam.GetGroupPolicyInput, ...func(*iam.Options)) (*iam.GetGroupPolicyOutput, error)
	ListAttachedGroupPolicies(context.Context, *iam.ListAttachedGroupPoliciesInput, ...func(*iam.Options)) (*iam.ListAttachedGroupPoliciesOutput, error)
}

// User reads an IAM user's policies by name or ARN: its own inline and
// attached policies, those of its groups, its boundary and tags.
func (r *Reader) User(ctx context.Context, nameOrARN string) (Policies, error) {
	name := nameFromARN(nameOrARN, ":user/")
	return r.users.Do(name, func() (Policies, error) {
		var (
			p        Policies
			inline   []string
			attached []iamtypes.AttachedPolicy
			groups   []string
		)
		err := all(
			func() error {
				out, err := call(ctx, r, func() (*iam.GetUserOutput, error) {
					return r.c.IAM.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)})
				})
				if err != nil {
					return check.Read("iam:GetUser", name, err)
				}
				u := out.User
				p.ARN, p.Name, p.Path, p.ID = aws.ToString(u.Arn), aws.ToString(u.UserName), aws.ToString(u.Path), aws.ToString(u.UserId)
				p.Tags = tagMap(u.Tags)
				if u.PermissionsBoundary != nil {
					p.Sources = append(p.Sources, Source{Type: "boundary", ARN: aws.ToString(u.PermissionsBoundary.PermissionsBoundaryArn)})
				}
				return nil
			},
			func() error {
				pg := iam.NewListUserPoliciesPaginator(r.c.IAM, &iam.ListUserPoliciesInput{UserName: aws.String(name)})
				for pg.HasMorePages() {
					page, err := call(ctx, r, func() (*iam.ListUserPoliciesOutput, error) { return pg.NextPage(ctx) })
					if err != nil {
						return check.Read("iam:ListUserPolicies", name, err)
					}
					inline = append(inline, page.PolicyNames...)
				}
				return nil
			},
			func() error {
				pg := iam.NewListAttachedUserPoliciesPaginator(r.c.IAM, &iam.ListAttachedUserPoliciesInput{UserName: aws.String(name)})
				for pg.HasMorePages() {
					page, err := call(ctx, r, func() (*iam.ListAttachedUserPoliciesOutput, error) { return pg.NextPage(ctx) })
					if err != nil {
						return check.Read("iam:ListAttachedUserPolicies", name, err)
					}
					attached = append(attached, page.AttachedPolicies...)
				}
				return nil
			},
			func() error {
				pg := iam.NewListGroupsForUserPaginator(r.c.IAM, &iam.ListGroupsForUserInput{UserName: aws.String(name)})
				for pg.HasMorePages() {
					page, err := call(ctx, r, func() (*iam.ListGroupsForUserOutput, error) { return pg.NextPage(ctx) })
					if err != nil {
						return check.Read("iam:ListGroupsForUser", name, err)
					}
					for _, g := range page.Groups {
						groups = append(groups, aws.ToString(g.GroupName))
					}
				}
				return nil
			},
		)
		if err != nil {
			return Policies{}, err
		}
		p, err = r.finish(ctx, p, inline, attached, func(n string) (string, error) {
			out, err := call(ctx, r, func() (*iam.GetUserPolicyOutput, error) {
				return r.c.IAM.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String(n)})
			})
			if err != nil {
				return "", check.Read("iam:GetUserPolicy", name+"/"+n, err)
			}
			return aws.ToString(out.PolicyDocument), nil
		})
		if err != nil {
			return Policies{}, err
		}
		return r.addGroups(ctx, p, groups)
	})
}

// addGroups appends each group's inline and attached policies.
func (r *Reader) addGroups(ctx context.Context, p Policies, groups []string) (Policies, error) {
	per := make([]Policies, len(groups))
	fns := make([]func() error, len(groups))
	for i, g := range groups {
		fns[i] = func() (err error) { per[i], err = r.group(ctx, g); return err }
	}
	if err := all(fns...); err != nil {
		return Policies{}, err
	}
	// Sources follow Identity's order; the boundary, when there is one, stays last.
	own := len(p.Sources)
	if p.Boundary != nil {
		own--
	}
	sources := append([]Source(nil), p.Sources[:own]...)
	for _, g := range per {
		p.Identity = append(p.Identity, g.Identity...)
		sources = append(sources, g.Sources...)
	}
	p.Sources = append(sources, p.Sources[own:]...)
	return p, nil
}

// group reads one group's inline and attached policies.
func (r *Reader) group(ctx context.Context, name string) (Policies, error) {
	var inline []string
	var attached []iamtypes.AttachedPolicy
	err := all(
		func() error {
			pg := iam.NewListGroupPoliciesPaginator(r.c.IAM, &iam.ListGroupPoliciesInput{GroupName: aws.String(name)})
			for pg.HasMorePages() {
				page, err := call(ctx, r, func() (*iam.ListGroupPoliciesOutput, error) { return pg.NextPage(ctx) })
				if err != nil {
					return check.Read("iam:ListGroupPolicies", name, err)
				}
				inline = append(inline, page.PolicyNames...)
			}
			return nil
		},
		func() error {
			pg := iam.NewListAttachedGroupPoliciesPaginator(r.c.IAM, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(name)})
			for pg.HasMorePages() {
				page, err := call(ctx, r, func() (*iam.ListAttachedGroupPoliciesOutput, error) { return pg.NextPage(ctx) })
				if err != nil {
					return check.Read("iam:ListAttachedGroupPolicies", name, err)
				}
				attached = append(attached, page.AttachedPolicies...)
			}
			return nil
		},
	)
	if err != nil {
		return Policies{}, err
	}
	g, err := r.finish(ctx, Policies{Name: name}, inline, attached, func(n string) (string, error) {
		out, err := call(ctx, r, func() (*iam.GetGroupPolicyOutput, error) {
			return r.c.IAM.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: aws.String(name), PolicyName: aws.String(n)})
		})
		if err != nil {
			return "", check.Read("iam:GetGroupPolicy", name+"/"+n, err)
		}
		return aws.ToString(out.PolicyDocument), nil
	})
	for i := range g.Sources {
		if g.Sources[i].Type == "inline" {
			g.Sources[i].Type = "group"
		}
	}
	return g, err
}
