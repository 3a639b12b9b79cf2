package seed

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/identitystore"
	idstypes "github.com/aws/aws-sdk-go-v2/service/identitystore/types"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// identityCenter seeds users, groups, permission sets and assignments, then creates the
// AWSReservedSSO roles Identity Center would provision in each assigned account.
func (s *Seeder) identityCenter(ctx context.Context, sc *scenario.Scenario, res *Result) error {
	ic := sc.IdentityCenter
	region := ic.RegionOr(sc.Region)
	cfg := s.config(ic.Account, region)
	admin, ids := ssoadmin.NewFromConfig(cfg), identitystore.NewFromConfig(cfg)
	inst, err := admin.ListInstances(ctx, &ssoadmin.ListInstancesInput{})
	if err != nil || len(inst.Instances) == 0 {
		return fmt.Errorf("finding the Identity Center instance: %v", err)
	}
	res.InstanceARN, res.IdentityStoreID = aws.ToString(inst.Instances[0].InstanceArn), aws.ToString(inst.Instances[0].IdentityStoreId)
	store := aws.String(res.IdentityStoreID)
	for _, u := range ic.Users {
		out, err := ids.CreateUser(ctx, &identitystore.CreateUserInput{IdentityStoreId: store, UserName: aws.String(u.UserName),
			DisplayName: aws.String(cmp.Or(u.DisplayName, u.UserName)),
			Name:        &idstypes.Name{GivenName: aws.String(cmp.Or(u.GivenName, u.UserName)), FamilyName: aws.String(cmp.Or(u.FamilyName, u.UserName))},
			Emails:      emails(u.Email)})
		if err != nil {
			return fmt.Errorf("user %s: %w", u.UserName, err)
		}
		res.UserIDs[u.UserName] = aws.ToString(out.UserId)
	}
	for _, g := range ic.Groups {
		out, err := ids.CreateGroup(ctx, &identitystore.CreateGroupInput{IdentityStoreId: store, DisplayName: aws.String(g.Name), Description: optional(g.Description)})
		if err != nil {
			return fmt.Errorf("group %s: %w", g.Name, err)
		}
		res.GroupIDs[g.Name] = aws.ToString(out.GroupId)
		for _, m := range g.Members {
			if _, err := ids.CreateGroupMembership(ctx, &identitystore.CreateGroupMembershipInput{IdentityStoreId: store, GroupId: out.GroupId,
				MemberId: &idstypes.MemberIdMemberUserId{Value: res.UserIDs[m]}}); err != nil {
				return fmt.Errorf("group %s member %s: %w", g.Name, m, err)
			}
		}
	}
	psARNs := map[string]*string{}
	for _, ps := range ic.PermissionSets {
		arn, err := permissionSet(ctx, admin, res.InstanceARN, ps, func(d scenario.Document) (*string, error) { return docOf(sc, res, d) })
		if err != nil {
			return fmt.Errorf("permission set %s: %w", ps.Name, err)
		}
		psARNs[ps.Name] = arn
		res.PermissionSetARNs[ps.Name] = aws.ToString(arn)
	}
	for _, a := range ic.Assignments {
		in := &ssoadmin.CreateAccountAssignmentInput{InstanceArn: aws.String(res.InstanceARN), PermissionSetArn: psARNs[a.PermissionSet],
			TargetId: aws.String(a.Account), TargetType: ssotypes.TargetTypeAwsAccount, PrincipalType: ssotypes.PrincipalTypeUser, PrincipalId: aws.String(res.UserIDs[a.User])}
		if a.Group != "" {
			in.PrincipalType, in.PrincipalId = ssotypes.PrincipalTypeGroup, aws.String(res.GroupIDs[a.Group])
		}
		if _, err := admin.CreateAccountAssignment(ctx, in); err != nil {
			return fmt.Errorf("assignment of %s in %s: %w", a.PermissionSet, a.Account, err)
		}
	}
	return s.reservedRoles(ctx, sc, res)
}

func permissionSet(ctx context.Context, admin *ssoadmin.Client, instance string, ps scenario.PermissionSet, doc func(scenario.Document) (*string, error)) (*string, error) {
	out, err := admin.CreatePermissionSet(ctx, &ssoadmin.CreatePermissionSetInput{InstanceArn: aws.String(instance), Name: aws.String(ps.Name),
		Description: optional(ps.Description), SessionDuration: aws.String(cmp.Or(ps.SessionDuration, "PT1H")), Tags: ssoTags(ps.Tags)})
	if err != nil {
		return nil, err
	}
	arn := out.PermissionSet.PermissionSetArn
	if body, err := doc(ps.InlinePolicy); err != nil {
		return nil, err
	} else if body != nil {
		if _, err := admin.PutInlinePolicyToPermissionSet(ctx, &ssoadmin.PutInlinePolicyToPermissionSetInput{InstanceArn: aws.String(instance), PermissionSetArn: arn, InlinePolicy: body}); err != nil {
			return nil, err
		}
	}
	for _, m := range ps.ManagedPolicies {
		if _, err := admin.AttachManagedPolicyToPermissionSet(ctx, &ssoadmin.AttachManagedPolicyToPermissionSetInput{InstanceArn: aws.String(instance), PermissionSetArn: arn, ManagedPolicyArn: aws.String(m)}); err != nil {
			return nil, fmt.Errorf("managed policy %s: %w", m, err)
		}
	}
	for _, c := range ps.CustomerManagedPolicies {
		if _, err := admin.AttachCustomerManagedPolicyReferenceToPermissionSet(ctx, &ssoadmin.AttachCustomerManagedPolicyReferenceToPermissionSetInput{InstanceArn: aws.String(instance),
			PermissionSetArn: arn, CustomerManagedPolicyReference: &ssotypes.CustomerManagedPolicyReference{Name: aws.String(c.Name), Path: aws.String(cmp.Or(c.Path, "/"))}}); err != nil {
			return nil, fmt.Errorf("customer managed policy %s: %w", c.Name, err)
		}
	}
	return arn, nil
}

// reservedRoles creates, in each assigned account, the role Identity Center would provision.
func (s *Seeder) reservedRoles(ctx context.Context, sc *scenario.Scenario, res *Result) error {
	ic := sc.IdentityCenter
	done := map[string]bool{}
	for _, a := range ic.Assignments {
		key := a.Account + "/" + a.PermissionSet
		if done[key] {
			continue
		}
		done[key] = true
		ps := findPermissionSet(ic, a.PermissionSet)
		client := iam.NewFromConfig(s.config(a.Account, sc.AccountByID(a.Account).Region))
		trust := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::%s:saml-provider/AWSSSO_%s_DO_NOT_DELETE"},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"],"Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}`,
			a.Account, strings.TrimPrefix(ReservedRoleName(a.Account, "x"), "AWSReservedSSO_x_"))
		in := &iam.CreateRoleInput{RoleName: aws.String(ReservedRoleName(a.Account, ps.Name)), Path: aws.String(ReservedRolePath(ic.RegionOr(sc.Region))),
			AssumeRolePolicyDocument: aws.String(trust), MaxSessionDuration: aws.Int32(int32(SessionDuration(ps).Seconds()))}
		if b := ps.PermissionsBoundary; b != nil {
			in.PermissionsBoundary = aws.String(b.ManagedPolicyARN)
			if c := b.CustomerManagedPolicy; c != nil {
				in.PermissionsBoundary = aws.String(fmt.Sprintf("arn:aws:iam::%s:policy%s%s", a.Account, cmp.Or(c.Path, "/"), c.Name))
			}
		}
		managed := append([]string(nil), ps.ManagedPolicies...)
		for _, c := range ps.CustomerManagedPolicies {
			managed = append(managed, fmt.Sprintf("arn:aws:iam::%s:policy%s%s", a.Account, cmp.Or(c.Path, "/"), c.Name))
		}
		inline := map[string]scenario.Document{}
		if !ps.InlinePolicy.IsZero() {
			inline["AwsSSOInlinePolicy"] = ps.InlinePolicy
		}
		if err := createRole(ctx, client, in, managed, inline, func(d scenario.Document) (*string, error) { return docOf(sc, res, d) }); err != nil {
			return fmt.Errorf("role for %s in %s: %w", ps.Name, a.Account, err)
		}
	}
	return nil
}

// SessionDuration parses a permission set's ISO-8601 duration (PT1H, PT8H, PT30M); default 1h.
func SessionDuration(ps scenario.PermissionSet) time.Duration {
	d, err := time.ParseDuration(strings.ToLower(strings.TrimPrefix(ps.SessionDuration, "PT")))
	if err != nil || d <= 0 {
		return time.Hour
	}
	return d
}

func findPermissionSet(ic *scenario.IdentityCenter, name string) scenario.PermissionSet {
	for _, p := range ic.PermissionSets {
		if p.Name == name {
			return p
		}
	}
	return scenario.PermissionSet{Name: name}
}

func docOf(sc *scenario.Scenario, res *Result, d scenario.Document) (*string, error) {
	if d.IsZero() {
		return nil, nil
	}
	s, err := expand(sc, res, d)
	return aws.String(s), err
}

func ssoTags(m map[string]string) []ssotypes.Tag {
	var out []ssotypes.Tag
	for k, v := range m {
		out = append(out, ssotypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func emails(e string) []idstypes.Email {
	if e == "" {
		return nil
	}
	return []idstypes.Email{{Value: aws.String(e), Primary: true, Type: aws.String("work")}}
}
