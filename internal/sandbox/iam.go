package sandbox

import (
	"github.com/ssmkit/ssmkit/internal/sandbox/authz"
	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// iamModel builds the IAM model the gateway authorizes calls with: it reads principals'
// policies and resource policies from moto (once each) and takes SCPs from the organization.
func iamModel(sc *scenario.Scenario, res *seed.Result, org *organization.Org, motoURL string) (*authz.Authorizer, error) {
	opts := authz.Options{Readers: authz.MotoReaders{URL: motoURL}, Org: org, Buckets: map[string]authz.Place{}}
	for _, a := range sc.Accounts {
		for _, b := range a.Buckets {
			opts.Buckets[b.Name] = authz.Place{Account: a.ID, Region: b.Region}
		}
	}
	if ic := sc.IdentityCenter; ic != nil {
		opts.IdentityCenter = &authz.IdentityCenter{Account: ic.Account, InstanceARN: res.InstanceARN, IdentityStoreID: res.IdentityStoreID,
			SessionTags: map[string]map[string]string{}}
		for _, u := range ic.Users {
			opts.IdentityCenter.SessionTags[u.UserName] = ic.SessionTags(u.UserName)
		}
	}
	return authz.New(opts)
}

// buildOrganization is the scenario's organization with its policies' placeholders expanded.
func buildOrganization(sc *scenario.Scenario, res *seed.Result) (*organization.Org, error) {
	lookup := seed.Lookup(sc, res)
	return organization.Build(sc, func(d scenario.Document) (string, error) { return scenario.Expand(d.JSON, lookup) })
}
