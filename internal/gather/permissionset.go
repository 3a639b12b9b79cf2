package gather

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/check"
)

// RoleListAPI lists roles; the IAM client has it (kept out of IAMAPI so
// fakes of the other readers need not implement it).
type RoleListAPI interface {
	ListRoles(context.Context, *iam.ListRolesInput, ...func(*iam.Options)) (*iam.ListRolesOutput, error)
}

// ReservedRole is a role IAM Identity Center provisioned for a permission set.
type ReservedRole struct {
	ARN, Name, Path, ID string
}

// ssoRolePathPrefix is where Identity Center puts its roles
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html).
const ssoRolePathPrefix = "/aws-reserved/sso.amazonaws.com/"

// ReservedRoles lists the account's AWSReservedSSO_* roles by permission set
// name (iam:ListRoles with the reserved path prefix, paged, once per run): a
// permission set provisioned to the account has one.
func (r *Reader) ReservedRoles(ctx context.Context) (map[string]ReservedRole, error) {
	return r.reserved.Do("", func() (map[string]ReservedRole, error) {
		lister, ok := r.c.IAM.(RoleListAPI)
		if !ok {
			return nil, check.Read("iam:ListRoles", ssoRolePathPrefix, errors.New("not configured"))
		}
		out := map[string]ReservedRole{}
		p := iam.NewListRolesPaginator(lister, &iam.ListRolesInput{PathPrefix: aws.String(ssoRolePathPrefix)})
		for p.HasMorePages() {
			page, err := call(ctx, r, func() (*iam.ListRolesOutput, error) { return p.NextPage(ctx) })
			if err != nil {
				return nil, check.Read("iam:ListRoles", ssoRolePathPrefix, err)
			}
			for _, role := range page.Roles {
				name := aws.ToString(role.RoleName)
				if ps, ok := arn.PermissionSet(name); ok {
					out[ps] = ReservedRole{ARN: aws.ToString(role.Arn), Name: name, Path: aws.ToString(role.Path), ID: aws.ToString(role.RoleId)}
				}
			}
		}
		return out, nil
	})
}

// PermissionSetPolicies are a permission set's policies as it grants them in
// one account: the inline document, managed policy ARNs (AWS-managed, and
// customer-managed references already resolved to the account's ARNs) and
// the boundary's ARN.
type PermissionSetPolicies struct {
	// Role names the provisioned role (the Owner of the inline policy).
	Role        string
	Inline      string
	Managed     []string
	BoundaryARN string
}

// PermissionSet reads the managed policies and boundary of a permission set
// in this Reader's account (GetPolicy, GetPolicyVersion) and assembles them
// as the provisioned role would hold them: the inline policy is
// AwsSSOInlinePolicy, then the managed ones, the boundary last.
func (r *Reader) PermissionSet(ctx context.Context, ps PermissionSetPolicies) (Policies, error) {
	p := Policies{Name: ps.Role}
	var inline []string
	if ps.Inline != "" {
		inline = []string{"AwsSSOInlinePolicy"}
	}
	attached := make([]iamtypes.AttachedPolicy, len(ps.Managed))
	for i, a := range ps.Managed {
		attached[i] = iamtypes.AttachedPolicy{PolicyArn: aws.String(a)}
	}
	if ps.BoundaryARN != "" {
		p.Sources = []Source{{Type: "boundary", ARN: ps.BoundaryARN}}
	}
	return r.finish(ctx, p, inline, attached, func(string) (string, error) { return ps.Inline, nil })
}

// ManagementAccount is the organization's management account, "" when the
// account is in none (organizations:DescribeOrganization).
func (r *Reader) ManagementAccount(ctx context.Context) (string, error) {
	org, err := r.describeOrganization(ctx)
	return org.management, err
}
