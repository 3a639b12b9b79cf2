package identitycenter

import (
	"context"
	"errors"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/identitystore/document"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"

	"github.com/ssmkit/ssmkit/internal/check"
)

// Principal types of an account assignment.
const (
	PrincipalUser  = "USER"
	PrincipalGroup = "GROUP"
)

// Assignment is one account assignment: a permission set given to a user or group.
type Assignment struct {
	PermissionSetARN, PrincipalType, PrincipalID string
}

// Assignments lists every assignment in an account, once per run:
// ListPermissionSetsProvisionedToAccount, then ListAccountAssignments per
// permission set in parallel (both paged). The calls grow with the
// permission sets in the account, not with users or instances.
func (d *Directory) Assignments(ctx context.Context, instanceARN, account string) ([]Assignment, error) {
	return d.assignments.Do(account, func() ([]Assignment, error) {
		sets, err := d.provisioned(ctx, instanceARN, account)
		if err != nil {
			return nil, err
		}
		per := make([][]Assignment, len(sets))
		err = each(len(sets), func(i int) error {
			p := ssoadmin.NewListAccountAssignmentsPaginator(d.admin, &ssoadmin.ListAccountAssignmentsInput{
				InstanceArn: aws.String(instanceARN), AccountId: aws.String(account), PermissionSetArn: aws.String(sets[i])})
			for p.HasMorePages() {
				page, err := call(ctx, d, func() (*ssoadmin.ListAccountAssignmentsOutput, error) { return p.NextPage(ctx) })
				if err != nil {
					return check.Read("sso:ListAccountAssignments", sets[i], err)
				}
				for _, a := range page.AccountAssignments {
					per[i] = append(per[i], Assignment{PermissionSetARN: aws.ToString(a.PermissionSetArn),
						PrincipalType: string(a.PrincipalType), PrincipalID: aws.ToString(a.PrincipalId)})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		var out []Assignment
		for _, p := range per {
			out = append(out, p...)
		}
		return out, nil
	})
}

// provisioned lists the permission sets provisioned to an account.
func (d *Directory) provisioned(ctx context.Context, instanceARN, account string) ([]string, error) {
	var sets []string
	p := ssoadmin.NewListPermissionSetsProvisionedToAccountPaginator(d.admin, &ssoadmin.ListPermissionSetsProvisionedToAccountInput{
		InstanceArn: aws.String(instanceARN), AccountId: aws.String(account)})
	for p.HasMorePages() {
		page, err := call(ctx, d, func() (*ssoadmin.ListPermissionSetsProvisionedToAccountOutput, error) { return p.NextPage(ctx) })
		if err != nil {
			return nil, check.Read("sso:ListPermissionSetsProvisionedToAccount", account, err)
		}
		sets = append(sets, page.PermissionSets...)
	}
	sort.Strings(sets)
	return sets, nil
}

// ErrPermissionSetNotFound: no permission set of the instance has that name.
var ErrPermissionSetNotFound = errors.New("no such permission set")

// FindPermissionSet resolves a permission set name to its ARN: first among
// those provisioned to account (provisioned is then true), else among all
// the instance's (ListPermissionSets), describing each once per run.
func (d *Directory) FindPermissionSet(ctx context.Context, instanceARN, account, name string) (arn string, provisioned bool, err error) {
	sets, err := d.provisioned(ctx, instanceARN, account)
	if err != nil {
		return "", false, err
	}
	if arn, err := d.named(ctx, instanceARN, sets, name); arn != "" || err != nil {
		return arn, arn != "", err
	}
	var all []string
	p := ssoadmin.NewListPermissionSetsPaginator(d.admin, &ssoadmin.ListPermissionSetsInput{InstanceArn: aws.String(instanceARN)})
	for p.HasMorePages() {
		page, err := call(ctx, d, func() (*ssoadmin.ListPermissionSetsOutput, error) { return p.NextPage(ctx) })
		if err != nil {
			return "", false, check.Read("sso:ListPermissionSets", instanceARN, err)
		}
		all = append(all, page.PermissionSets...)
	}
	arn, err = d.named(ctx, instanceARN, all, name)
	if err == nil && arn == "" {
		err = ErrPermissionSetNotFound
	}
	return arn, false, err
}

func (d *Directory) named(ctx context.Context, instanceARN string, sets []string, name string) (string, error) {
	names := make([]string, len(sets))
	err := each(len(sets), func(i int) (err error) { names[i], err = d.setName(ctx, instanceARN, sets[i]); return err })
	if err != nil {
		return "", err
	}
	for i, n := range names {
		if n == name {
			return sets[i], nil
		}
	}
	return "", nil
}

// setName is DescribePermissionSet's name, once per run.
func (d *Directory) setName(ctx context.Context, instanceARN, arn string) (string, error) {
	m, err := d.setNames.Do(arn, func() (map[string]string, error) {
		out, err := call(ctx, d, func() (*ssoadmin.DescribePermissionSetOutput, error) {
			return d.admin.DescribePermissionSet(ctx, &ssoadmin.DescribePermissionSetInput{InstanceArn: aws.String(instanceARN), PermissionSetArn: aws.String(arn)})
		})
		if err != nil {
			return nil, check.Read("sso:DescribePermissionSet", arn, err)
		}
		return map[string]string{"name": aws.ToString(out.PermissionSet.Name)}, nil
	})
	return m["name"], err
}

// PolicyRef is a customer-managed policy named by name and path, resolved in
// each account the permission set is provisioned to
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetcustom.html).
type PolicyRef struct {
	Name string `json:"name"`
	Path string `json:"path"`
}

// PermissionSet is what a permission set grants: its inline policy, AWS
// managed policies, customer-managed references and permissions boundary.
type PermissionSet struct {
	ARN, Name string
	// Inline is the inline policy document, "" without one.
	Inline          string
	Managed         []string
	CustomerManaged []PolicyRef
	// BoundaryARN (AWS-managed) or BoundaryRef (customer-managed), when set.
	BoundaryARN string
	BoundaryRef *PolicyRef
}

// PermissionSet reads one permission set's policies, the five reads in parallel.
func (d *Directory) PermissionSet(ctx context.Context, instanceARN, arn string) (PermissionSet, error) {
	return d.sets.Do(arn, func() (PermissionSet, error) {
		ps := PermissionSet{ARN: arn}
		in := func() (*string, *string) { return aws.String(instanceARN), aws.String(arn) }
		err := each(5, func(i int) (err error) {
			inst, set := in()
			switch i {
			case 0:
				ps.Name, err = d.setName(ctx, instanceARN, arn)
			case 1:
				var out *ssoadmin.GetInlinePolicyForPermissionSetOutput
				out, err = call(ctx, d, func() (*ssoadmin.GetInlinePolicyForPermissionSetOutput, error) {
					return d.admin.GetInlinePolicyForPermissionSet(ctx, &ssoadmin.GetInlinePolicyForPermissionSetInput{InstanceArn: inst, PermissionSetArn: set})
				})
				if err != nil {
					return check.Read("sso:GetInlinePolicyForPermissionSet", arn, err)
				}
				ps.Inline = aws.ToString(out.InlinePolicy)
			case 2:
				p := ssoadmin.NewListManagedPoliciesInPermissionSetPaginator(d.admin, &ssoadmin.ListManagedPoliciesInPermissionSetInput{InstanceArn: inst, PermissionSetArn: set})
				for p.HasMorePages() {
					page, err := call(ctx, d, func() (*ssoadmin.ListManagedPoliciesInPermissionSetOutput, error) { return p.NextPage(ctx) })
					if err != nil {
						return check.Read("sso:ListManagedPoliciesInPermissionSet", arn, err)
					}
					for _, m := range page.AttachedManagedPolicies {
						ps.Managed = append(ps.Managed, aws.ToString(m.Arn))
					}
				}
			case 3:
				p := ssoadmin.NewListCustomerManagedPolicyReferencesInPermissionSetPaginator(d.admin,
					&ssoadmin.ListCustomerManagedPolicyReferencesInPermissionSetInput{InstanceArn: inst, PermissionSetArn: set})
				for p.HasMorePages() {
					page, err := call(ctx, d, func() (*ssoadmin.ListCustomerManagedPolicyReferencesInPermissionSetOutput, error) {
						return p.NextPage(ctx)
					})
					if err != nil {
						return check.Read("sso:ListCustomerManagedPolicyReferencesInPermissionSet", arn, err)
					}
					for _, r := range page.CustomerManagedPolicyReferences {
						ps.CustomerManaged = append(ps.CustomerManaged, ref(r))
					}
				}
			case 4:
				var out *ssoadmin.GetPermissionsBoundaryForPermissionSetOutput
				out, err = call(ctx, d, func() (*ssoadmin.GetPermissionsBoundaryForPermissionSetOutput, error) {
					return d.admin.GetPermissionsBoundaryForPermissionSet(ctx, &ssoadmin.GetPermissionsBoundaryForPermissionSetInput{InstanceArn: inst, PermissionSetArn: set})
				})
				var notFound *ssotypes.ResourceNotFoundException
				if errors.As(err, &notFound) {
					return nil // no boundary
				}
				if err != nil {
					return check.Read("sso:GetPermissionsBoundaryForPermissionSet", arn, err)
				}
				if b := out.PermissionsBoundary; b != nil {
					ps.BoundaryARN = aws.ToString(b.ManagedPolicyArn)
					if b.CustomerManagedPolicyReference != nil {
						r := ref(*b.CustomerManagedPolicyReference)
						ps.BoundaryRef = &r
					}
				}
			}
			return err
		})
		return ps, err
	})
}

func ref(r ssotypes.CustomerManagedPolicyReference) PolicyRef {
	p := aws.ToString(r.Path)
	if p == "" {
		p = "/"
	}
	return PolicyRef{Name: aws.ToString(r.Name), Path: p}
}

// PolicyARN is a customer-managed reference's ARN in account: IAM Identity
// Center attaches the policy of that name and path there.
func (r PolicyRef) PolicyARN(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":policy" + r.Path + r.Name
}

func stringDocument(s string) document.Interface { return document.NewLazyDocument(s) }
