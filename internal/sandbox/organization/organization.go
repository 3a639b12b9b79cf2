// Package organization is the sandbox's AWS Organizations: the root, nested OUs, member
// accounts, service and resource control policies and where they are attached, with ids
// derived from the scenario so they are the same on every start. The gateway answers
// Organizations' read calls from it and the IAM model takes each account's SCP chain from it.
package organization

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// Policy types, as Organizations names them.
const (
	TypeSCP = "SERVICE_CONTROL_POLICY"
	TypeRCP = "RESOURCE_CONTROL_POLICY"
)

// Kinds of target, as ListParents and ListTargetsForPolicy name them.
const (
	KindRoot    = "ROOT"
	KindUnit    = "ORGANIZATIONAL_UNIT"
	KindAccount = "ACCOUNT"
)

// Org is one organization.
type Org struct {
	ID                string
	ManagementAccount string
	RootID            string
	// Accounts are the members, sorted by id.
	Accounts []Account
	units    map[string]*Unit
	parent   map[string]string
	children map[string][]string
	policies map[string]*Policy
	order    []string
	attached map[string][]string
	// delegated maps a delegated administrator account to its service principals.
	delegated map[string][]string
}

// Account is a member account.
type Account struct {
	ID, Name, Email string
}

// Unit is an organizational unit.
type Unit struct {
	ID, Name string
}

// Policy is an SCP or RCP; Content is the expanded JSON document.
type Policy struct {
	ID, Name, Description, Type, Content string
	AWSManaged                           bool
}

// The AWS-managed policies AWS attaches everywhere once a policy type is enabled
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
var (
	fullAWSAccess = Policy{ID: "p-FullAWSAccess", Name: "FullAWSAccess", Type: TypeSCP, AWSManaged: true,
		Description: "Allows access to every operation",
		Content:     `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}
	rcpFullAWSAccess = Policy{ID: "p-RCPFullAWSAccess", Name: "RCPFullAWSAccess", Type: TypeRCP, AWSManaged: true,
		Description: "Allows access to every operation",
		Content:     `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`}
)

// Build makes the organization of sc, or nil when it has none; expand resolves placeholders
// in policy documents.
func Build(sc *scenario.Scenario, expand func(scenario.Document) (string, error)) (*Org, error) {
	so := sc.Organization
	if so == nil {
		return nil, nil
	}
	o := &Org{ManagementAccount: so.ManagementAccount, units: map[string]*Unit{}, parent: map[string]string{},
		children: map[string][]string{}, policies: map[string]*Policy{}, attached: map[string][]string{}, delegated: map[string][]string{}}
	o.ID = "o-" + digest(sc.Name, "organization")[:10]
	o.RootID = "r-" + digest(sc.Name, "root")[:4]
	byName := map[string]string{scenario.RootTarget: o.RootID}
	so.Walk(func(u *scenario.OrgUnit, parent string) {
		id := "ou-" + o.RootID[2:] + "-" + digest(sc.Name, "ou", u.Name)[:8]
		o.units[id] = &Unit{ID: id, Name: u.Name}
		byName[u.Name] = id
		if parent == "" {
			parent = scenario.RootTarget
		}
		o.place(id, byName[parent])
		for _, a := range u.Accounts {
			o.place(a, id)
			byName[a] = a
		}
	})
	for _, a := range sc.Accounts {
		o.Accounts = append(o.Accounts, Account{ID: a.ID, Name: a.Name, Email: a.Email})
		if _, ok := o.parent[a.ID]; !ok {
			o.place(a.ID, o.RootID)
		}
		byName[a.ID] = a.ID
	}
	sort.Slice(o.Accounts, func(i, j int) bool { return o.Accounts[i].ID < o.Accounts[j].ID })
	targets := append([]string{o.RootID}, o.targetsBelowRoot()...)
	o.add(fullAWSAccess, targets)
	detached := map[string]bool{}
	for _, t := range so.WithoutFullAWSAccess {
		detached[byName[t]] = true
	}
	for _, t := range targets {
		if detached[t] {
			o.attached[t] = slices.DeleteFunc(o.attached[t], func(id string) bool { return id == fullAWSAccess.ID })
		}
	}
	if len(so.RCPs) > 0 {
		o.add(rcpFullAWSAccess, targets)
	}
	for _, group := range []struct {
		typ  string
		list []scenario.SCP
	}{{TypeSCP, so.SCPs}, {TypeRCP, so.RCPs}} {
		for _, p := range group.list {
			content, err := expand(p.Document)
			if err != nil {
				return nil, fmt.Errorf("organization policy %s: %w", p.Name, err)
			}
			var at []string
			for _, t := range p.TargetsOrRoot() {
				at = append(at, byName[t])
			}
			o.add(Policy{ID: "p-" + digest(sc.Name, group.typ, p.Name)[:8], Name: p.Name, Description: p.Description,
				Type: group.typ, Content: content}, at)
		}
	}
	for _, d := range so.DelegatedAdministrators {
		o.delegated[d.Account] = append(o.delegated[d.Account], d.ServicePrincipal)
	}
	return o, nil
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (o *Org) place(child, parent string) {
	o.parent[child] = parent
	o.children[parent] = append(o.children[parent], child)
}

func (o *Org) add(p Policy, targets []string) {
	o.policies[p.ID] = &p
	o.order = append(o.order, p.ID)
	for _, t := range targets {
		o.attached[t] = append(o.attached[t], p.ID)
	}
}

// targetsBelowRoot lists every OU and account, parents first.
func (o *Org) targetsBelowRoot() []string {
	var out []string
	var walk func(id string)
	walk = func(id string) {
		for _, c := range o.children[id] {
			out = append(out, c)
			walk(c)
		}
	}
	walk(o.RootID)
	return out
}
