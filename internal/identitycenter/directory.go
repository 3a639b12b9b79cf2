// Package identitycenter reads what IAM Identity Center knows about a user:
// the instance and its identity store, the user (by user name or email), the
// groups they are in and which external IdP provisions each (SCIM), the account
// assignments of an account (direct and through groups), each permission
// set's policies, and the ABAC attribute configuration. Reads are paged,
// bounded, made once per run, and a refused read is a check.ReadError naming
// the permission that would allow it.
package identitycenter

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/identitystore"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"

	"github.com/ssmkit/ssmkit/internal/conc"
)

// DefaultConcurrency bounds the calls a Directory has in flight: the reads
// are small and many (five per permission set, one per group), and the SDK's
// adaptive retry slows down if Identity Center throttles.
const DefaultConcurrency = 16

// AdminAPI are the SSO Admin reads (IAM actions sso:...).
type AdminAPI interface {
	ListInstances(context.Context, *ssoadmin.ListInstancesInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListInstancesOutput, error)
	DescribeInstanceAccessControlAttributeConfiguration(context.Context, *ssoadmin.DescribeInstanceAccessControlAttributeConfigurationInput, ...func(*ssoadmin.Options)) (*ssoadmin.DescribeInstanceAccessControlAttributeConfigurationOutput, error)
	ListPermissionSetsProvisionedToAccount(context.Context, *ssoadmin.ListPermissionSetsProvisionedToAccountInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListPermissionSetsProvisionedToAccountOutput, error)
	ListPermissionSets(context.Context, *ssoadmin.ListPermissionSetsInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListPermissionSetsOutput, error)
	ListAccountAssignments(context.Context, *ssoadmin.ListAccountAssignmentsInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListAccountAssignmentsOutput, error)
	DescribePermissionSet(context.Context, *ssoadmin.DescribePermissionSetInput, ...func(*ssoadmin.Options)) (*ssoadmin.DescribePermissionSetOutput, error)
	GetInlinePolicyForPermissionSet(context.Context, *ssoadmin.GetInlinePolicyForPermissionSetInput, ...func(*ssoadmin.Options)) (*ssoadmin.GetInlinePolicyForPermissionSetOutput, error)
	ListManagedPoliciesInPermissionSet(context.Context, *ssoadmin.ListManagedPoliciesInPermissionSetInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListManagedPoliciesInPermissionSetOutput, error)
	ListCustomerManagedPolicyReferencesInPermissionSet(context.Context, *ssoadmin.ListCustomerManagedPolicyReferencesInPermissionSetInput, ...func(*ssoadmin.Options)) (*ssoadmin.ListCustomerManagedPolicyReferencesInPermissionSetOutput, error)
	GetPermissionsBoundaryForPermissionSet(context.Context, *ssoadmin.GetPermissionsBoundaryForPermissionSetInput, ...func(*ssoadmin.Options)) (*ssoadmin.GetPermissionsBoundaryForPermissionSetOutput, error)
}

// StoreAPI are the Identity Store reads.
type StoreAPI interface {
	GetUserId(context.Context, *identitystore.GetUserIdInput, ...func(*identitystore.Options)) (*identitystore.GetUserIdOutput, error)
	DescribeUser(context.Context, *identitystore.DescribeUserInput, ...func(*identitystore.Options)) (*identitystore.DescribeUserOutput, error)
	ListGroupMembershipsForMember(context.Context, *identitystore.ListGroupMembershipsForMemberInput, ...func(*identitystore.Options)) (*identitystore.ListGroupMembershipsForMemberOutput, error)
	DescribeGroup(context.Context, *identitystore.DescribeGroupInput, ...func(*identitystore.Options)) (*identitystore.DescribeGroupOutput, error)
}

// Directory reads one Identity Center instance through its clients.
type Directory struct {
	admin AdminAPI
	store StoreAPI
	sem   conc.Limit

	instance    memo[Instance]
	users       memo[User]
	groups      memo[Group]
	memberships memo[[]string]
	assignments memo[[]Assignment]
	sets        memo[PermissionSet]
	setNames    memo[map[string]string]
}

// New returns a Directory; concurrency <= 0 means DefaultConcurrency.
func New(admin AdminAPI, store StoreAPI, concurrency int) *Directory {
	if concurrency <= 0 {
		concurrency = DefaultConcurrency
	}
	return &Directory{admin: admin, store: store, sem: conc.NewLimit(concurrency)}
}

// call runs one API call within the concurrency bound.
func call[T any](ctx context.Context, d *Directory, fn func() (T, error)) (T, error) {
	return conc.Call(ctx, d.sem, fn)
}

// memo answers each key once (internal/conc).
type memo[V any] = conc.Memo[V]

// each runs fn for every index in parallel and returns the first error in
// index order.
func each(n int, fn func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(i)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
