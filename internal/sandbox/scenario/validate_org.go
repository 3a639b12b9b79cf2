package scenario

import (
	"fmt"
	"strings"
)

// IAM modes of a scenario.
const (
	IAMEnforced = "enforced"
	IAMOpen     = "open"
)

// Enforced reports whether the gateway authorizes calls (the default).
func (s *Scenario) Enforced() bool { return s.IAM != IAMOpen }

// RootTarget names the organization root in policy targets.
const RootTarget = "root"

// Walk calls fn for every unit, parents before children, with the parent's name ("" for the root).
func (o *Organization) Walk(fn func(u *OrgUnit, parent string)) {
	var walk func(units []OrgUnit, parent string)
	walk = func(units []OrgUnit, parent string) {
		for i := range units {
			fn(&units[i], parent)
			walk(units[i].Units, units[i].Name)
		}
	}
	walk(o.Units, "")
}

// validate checks units, policy targets and delegated administrators.
func (o *Organization) validate(accounts map[string]*Account) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("organization: "+format, args...)) }
	units, placed := map[string]bool{}, map[string]string{}
	o.Walk(func(u *OrgUnit, parent string) {
		if u.Name == "" || strings.EqualFold(u.Name, RootTarget) || units[u.Name] {
			bad("unit %q: a unit needs a unique name other than %q", u.Name, RootTarget)
		}
		units[u.Name] = true
		for _, id := range u.Accounts {
			switch {
			case accounts[id] == nil:
				bad("unit %s: account %q is not in accounts", u.Name, id)
			case placed[id] != "":
				bad("unit %s: account %s is already in unit %s (an account has one parent)", u.Name, id, placed[id])
			}
			placed[id] = u.Name
		}
	})
	target := func(what, t string) {
		if t != RootTarget && !units[t] && accounts[t] == nil {
			bad("%s: target %q is neither root, a unit name nor an account id", what, t)
		}
	}
	attached := map[string]int{}
	for _, group := range []struct {
		kind string
		list []SCP
	}{{"scp", o.SCPs}, {"rcp", o.RCPs}} {
		kind, names := group.kind, map[string]bool{}
		for _, p := range group.list {
			what := kind + " " + p.Name
			if p.Name == "" || names[p.Name] || p.Document.IsZero() {
				bad("%s: a policy needs a unique name and a document", what)
			}
			names[p.Name] = true
			for _, t := range p.TargetsOrRoot() {
				target(what, t)
				if kind == "scp" {
					attached[t]++
				}
			}
		}
	}
	for _, t := range o.WithoutFullAWSAccess {
		target("withoutFullAWSAccess", t)
		if attached[t] == 0 {
			bad("withoutFullAWSAccess: %s would have no SCP left: AWS refuses to detach the last one", t)
		}
	}
	for i, d := range o.DelegatedAdministrators {
		switch {
		case accounts[d.Account] == nil:
			bad("delegatedAdministrators[%d]: account %q is not in accounts", i, d.Account)
		case d.Account == o.ManagementAccount:
			bad("delegatedAdministrators[%d]: the management account cannot be a delegated administrator", i)
		case !strings.HasSuffix(d.ServicePrincipal, ".amazonaws.com"):
			bad("delegatedAdministrators[%d]: servicePrincipal %q must be a service such as sso.amazonaws.com", i, d.ServicePrincipal)
		}
	}
	return errs
}

// TargetsOrRoot returns where the policy is attached: its targets, or the root.
func (p SCP) TargetsOrRoot() []string {
	if len(p.Targets) == 0 {
		return []string{RootTarget}
	}
	return p.Targets
}
