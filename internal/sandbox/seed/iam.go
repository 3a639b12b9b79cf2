package seed

import (
	"cmp"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func (as *accountSeeder) alias(ctx context.Context) error {
	if as.a.Alias == "" {
		return nil
	}
	_, err := as.iam().CreateAccountAlias(ctx, &iam.CreateAccountAliasInput{AccountAlias: aws.String(as.a.Alias)})
	return err
}

func (as *accountSeeder) policies(ctx context.Context) error {
	client := as.iam()
	for _, p := range as.a.Policies {
		doc, err := as.doc(p.Document)
		if err != nil {
			return fmt.Errorf("policy %s: %w", p.Name, err)
		}
		if _, err := client.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(p.Name), Path: aws.String(cmp.Or(p.Path, "/")),
			Description: optional(p.Description), PolicyDocument: doc}); err != nil {
			return fmt.Errorf("policy %s: %w", p.Name, err)
		}
	}
	return nil
}

// AccessRoleName is the administrator role AWS creates in accounts it creates for an
// organization; the sandbox creates it in every account that does not define it.
const AccessRoleName = "OrganizationAccountAccessRole"

func (as *accountSeeder) roles(ctx context.Context) error {
	client := as.iam()
	if err := as.accessRole(ctx, client); err != nil {
		return err
	}
	for _, r := range as.a.Roles {
		trust, err := as.doc(r.TrustPolicy)
		if err != nil {
			return fmt.Errorf("role %s: %w", r.Name, err)
		}
		in := &iam.CreateRoleInput{RoleName: aws.String(r.Name), Path: aws.String(cmp.Or(r.Path, "/")),
			AssumeRolePolicyDocument: trust, Description: optional(r.Description), Tags: iamTags(r.Tags)}
		if r.MaxSessionDuration > 0 {
			in.MaxSessionDuration = aws.Int32(r.MaxSessionDuration)
		}
		if r.PermissionsBoundary != "" {
			in.PermissionsBoundary = aws.String(as.policyARN(r.PermissionsBoundary))
		}
		if err := createRole(ctx, client, in, as.policyARNs(r.ManagedPolicies), r.InlinePolicies, as.doc); err != nil {
			return fmt.Errorf("role %s: %w", r.Name, err)
		}
		if r.InstanceProfile {
			if _, err := client.CreateInstanceProfile(ctx, &iam.CreateInstanceProfileInput{InstanceProfileName: aws.String(r.Name)}); err != nil {
				return fmt.Errorf("instance profile %s: %w", r.Name, err)
			}
			if _, err := client.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String(r.Name), RoleName: aws.String(r.Name)}); err != nil {
				return fmt.Errorf("instance profile %s: %w", r.Name, err)
			}
		}
	}
	return nil
}

// accessRole creates OrganizationAccountAccessRole (AdministratorAccess, trusting the
// management account, or the account itself without an organization) unless the scenario
// defines it; Env.AccountCredentials acts through it.
func (as *accountSeeder) accessRole(ctx context.Context, client *iam.Client) error {
	for _, r := range as.a.Roles {
		if r.Name == AccessRoleName {
			return nil
		}
	}
	trusted := as.a.ID
	if o := as.sc.Organization; o != nil {
		trusted = o.ManagementAccount
	}
	trust := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}`, trusted)
	in := &iam.CreateRoleInput{RoleName: aws.String(AccessRoleName), AssumeRolePolicyDocument: aws.String(trust)}
	if err := createRole[string](ctx, client, in, []string{"arn:aws:iam::aws:policy/AdministratorAccess"}, nil, nil); err != nil {
		return fmt.Errorf("role %s: %w", AccessRoleName, err)
	}
	return nil
}

// createRole creates a role and attaches its managed and inline policies.
func createRole[D any](ctx context.Context, client *iam.Client, in *iam.CreateRoleInput, managed []string, inline map[string]D, doc func(D) (*string, error)) error {
	if in.AssumeRolePolicyDocument == nil {
		in.AssumeRolePolicyDocument = aws.String(`{"Version":"2012-10-17","Statement":[]}`)
	}
	if _, err := client.CreateRole(ctx, in); err != nil {
		return err
	}
	for _, arn := range managed {
		if _, err := client.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: in.RoleName, PolicyArn: aws.String(arn)}); err != nil {
			return fmt.Errorf("attaching %s: %w", arn, err)
		}
	}
	for name, d := range inline {
		body, err := doc(d)
		if err != nil {
			return fmt.Errorf("inline policy %s: %w", name, err)
		}
		if _, err := client.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: in.RoleName, PolicyName: aws.String(name), PolicyDocument: body}); err != nil {
			return fmt.Errorf("inline policy %s: %w", name, err)
		}
	}
	return nil
}

func (as *accountSeeder) users(ctx context.Context) error {
	client := as.iam()
	for _, u := range as.a.Users {
		if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(u.Name), Path: aws.String(cmp.Or(u.Path, "/")), Tags: iamTags(u.Tags)}); err != nil {
			return fmt.Errorf("user %s: %w", u.Name, err)
		}
		for _, arn := range as.policyARNs(u.ManagedPolicies) {
			if _, err := client.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String(u.Name), PolicyArn: aws.String(arn)}); err != nil {
				return fmt.Errorf("user %s: attaching %s: %w", u.Name, arn, err)
			}
		}
		for name, d := range u.InlinePolicies {
			body, err := as.doc(d)
			if err != nil {
				return fmt.Errorf("user %s: %w", u.Name, err)
			}
			if _, err := client.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String(u.Name), PolicyName: aws.String(name), PolicyDocument: body}); err != nil {
				return fmt.Errorf("user %s: %w", u.Name, err)
			}
		}
	}
	return nil
}

func (s *Seeder) accessKey(ctx context.Context, cfg aws.Config, user string) (AccessKey, error) {
	out, err := iam.NewFromConfig(cfg).CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(user)})
	if err != nil {
		return AccessKey{}, err
	}
	return AccessKey{ID: aws.ToString(out.AccessKey.AccessKeyId), Secret: aws.ToString(out.AccessKey.SecretAccessKey)}, nil
}

func (as *accountSeeder) policyARNs(refs []string) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = as.policyARN(r)
	}
	return out
}

func iamTags(m map[string]string) []iamtypes.Tag {
	var out []iamtypes.Tag
	for k, v := range m {
		out = append(out, iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
