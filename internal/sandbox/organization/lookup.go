package organization

import (
	"slices"
	"strings"
)

// Kind says what an id names: KindRoot, KindUnit or KindAccount; "" when unknown.
func (o *Org) Kind(id string) string {
	switch {
	case id == o.RootID:
		return KindRoot
	case o.units[id] != nil:
		return KindUnit
	}
	if _, ok := o.Account(id); ok {
		return KindAccount
	}
	return ""
}

// Account returns a member account.
func (o *Org) Account(id string) (Account, bool) {
	i, ok := slices.BinarySearchFunc(o.Accounts, id, func(a Account, id string) int { return strings.Compare(a.ID, id) })
	if !ok {
		return Account{}, false
	}
	return o.Accounts[i], true
}

// Unit returns an organizational unit by id.
func (o *Org) Unit(id string) (Unit, bool) {
	u := o.units[id]
	if u == nil {
		return Unit{}, false
	}
	return *u, true
}

// Parent returns the root or OU directly above an OU or account.
func (o *Org) Parent(id string) (string, bool) {
	p, ok := o.parent[id]
	return p, ok
}

// Children lists the OUs (kind KindUnit) or accounts (KindAccount) directly in a root or OU.
func (o *Org) Children(parent, kind string) []string {
	var out []string
	for _, c := range o.children[parent] {
		if o.Kind(c) == kind {
			out = append(out, c)
		}
	}
	return out
}

// Policy returns a policy by id.
func (o *Org) Policy(id string) (*Policy, bool) {
	p := o.policies[id]
	return p, p != nil
}

// Policies lists the policies of a type, AWS-managed first, in the scenario's order.
func (o *Org) Policies(typ string) []*Policy {
	var out []*Policy
	for _, id := range o.order {
		if p := o.policies[id]; p.Type == typ {
			out = append(out, p)
		}
	}
	return out
}

// PoliciesFor lists the policies of a type attached directly to a root, OU or account.
func (o *Org) PoliciesFor(target, typ string) []*Policy {
	var out []*Policy
	for _, id := range o.attached[target] {
		if p := o.policies[id]; p.Type == typ {
			out = append(out, p)
		}
	}
	return out
}

// TargetsFor lists where a policy is attached, root first, then OUs and accounts as placed.
func (o *Org) TargetsFor(policy string) []string {
	var out []string
	for _, t := range append([]string{o.RootID}, o.targetsBelowRoot()...) {
		if slices.Contains(o.attached[t], policy) {
			out = append(out, t)
		}
	}
	return out
}

// Chain is the path from the root down to an account: root, its OUs, the account.
func (o *Org) Chain(account string) []string {
	if o.Kind(account) != KindAccount {
		return nil
	}
	chain := []string{account}
	for id := account; id != o.RootID; {
		id = o.parent[id]
		chain = append(chain, id)
	}
	slices.Reverse(chain)
	return chain
}

// Levels returns the policies of a type that apply to an account, one list per level of
// its chain (root first), as SCP evaluation needs them: every level must allow
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
// The management account and accounts outside the organization get none.
func (o *Org) Levels(account, typ string) [][]*Policy {
	if account == o.ManagementAccount {
		return nil
	}
	var out [][]*Policy
	for _, id := range o.Chain(account) {
		out = append(out, o.PoliciesFor(id, typ))
	}
	return out
}

// Enabled reports whether a policy type is enabled in the root (SCPs always are here).
func (o *Org) Enabled(typ string) bool {
	return typ == TypeSCP || len(o.Policies(typ)) > 0
}

// CanRead reports whether an account may call Organizations' read operations beyond
// DescribeOrganization: the management account and delegated administrators
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html).
func (o *Org) CanRead(account string) bool {
	return account == o.ManagementAccount || len(o.delegated[account]) > 0
}

// DelegatedServices lists the services an account is a delegated administrator for.
func (o *Org) DelegatedServices(account string) []string { return o.delegated[account] }

// DelegatedAccounts lists delegated administrator accounts, sorted.
func (o *Org) DelegatedAccounts() []string {
	var out []string
	for a := range o.delegated {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// ARN is the Organizations ARN of the root, an OU, an account or a policy.
func (o *Org) ARN(id string) string {
	base := "arn:aws:organizations::" + o.ManagementAccount + ":"
	switch o.Kind(id) {
	case KindRoot:
		return base + "root/" + o.ID + "/" + id
	case KindUnit:
		return base + "ou/" + o.ID + "/" + id
	case KindAccount:
		return base + "account/" + o.ID + "/" + id
	}
	if p, ok := o.policies[id]; ok {
		typ := strings.ToLower(p.Type)
		if p.AWSManaged {
			return "arn:aws:organizations::aws:policy/" + typ + "/" + id
		}
		return base + "policy/" + o.ID + "/" + typ + "/" + id
	}
	return ""
}

// Name is how ListTargetsForPolicy names a target: Root, the OU's or the account's name.
func (o *Org) Name(id string) string {
	switch o.Kind(id) {
	case KindRoot:
		return "Root"
	case KindUnit:
		return o.units[id].Name
	case KindAccount:
		a, _ := o.Account(id)
		return a.Name
	}
	return ""
}
