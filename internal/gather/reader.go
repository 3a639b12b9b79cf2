// Package gather reads the AWS state the live checks evaluate: a role's or
// user's policies (inline, attached at their default version, boundary), an
// instance profile's role, the SCPs and RCPs over an account, a KMS key's
// policy and grants, the Session Manager preferences and session documents,
// and AWS's own policy simulator. Each read is made once per run (memoised),
// at most Concurrency calls are in flight, and a failed read is a
// check.ReadError naming the permission that would have allowed it.
package gather

import (
	"context"
	"sort"
	"sync"

	"github.com/ssmkit/ssmkit/internal/conc"
)

// DefaultConcurrency bounds the calls one Reader has in flight.
const DefaultConcurrency = 8

// Clients are the AWS clients of one principal in one region. IAM and
// Organizations are global; KMS and SSM are the region's. A nil client makes
// its reads fail as not configured.
type Clients struct {
	IAM  IAMAPI
	Orgs OrgsAPI
	KMS  KMSAPI
	SSM  DocumentAPI
}

// Reader reads through Clients, each question once per run.
type Reader struct {
	c   Clients
	sem conc.Limit

	roles, users memo[Policies]
	managed      memo[managedPolicy]
	profiles     memo[RoleRef]
	orgs         memo[OrgPolicies]
	orgPolicies  memo[orgPolicy]
	keys         memo[Key]
	grants       memo[[]Grant]
	documents    memo[Document]
	preferences  memo[Preferences]
	organization memo[organization]
	reserved     memo[map[string]ReservedRole]
}

// New returns a Reader; concurrency <= 0 means DefaultConcurrency.
func New(c Clients, concurrency int) *Reader {
	if concurrency <= 0 {
		concurrency = DefaultConcurrency
	}
	return &Reader{c: c, sem: conc.NewLimit(concurrency)}
}

// call runs one API call within the concurrency bound.
func call[T any](ctx context.Context, r *Reader, fn func() (T, error)) (T, error) {
	return conc.Call(ctx, r.sem, fn)
}

// memo answers each key once (internal/conc).
type memo[V any] = conc.Memo[V]

// all runs fns in parallel and returns the first error, in argument order.
func all(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn()
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

// sortedKeys returns m's keys in order, so requests are reproducible.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
