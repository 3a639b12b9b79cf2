package scenario

import (
	"fmt"
	"regexp"
	"time"
)

var (
	accountID   = regexp.MustCompile(`^[0-9]{12}$`)
	managedNode = regexp.MustCompile(`^mi-[0-9a-f]{17}$`)
	arnPrefix   = regexp.MustCompile(`^arn:`)
)

// Validate checks identifiers and cross-references; each error names the offending path.
func (s *Scenario) Validate() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if s.Name == "" {
		bad("name is required")
	}
	if s.IAM != "" && s.IAM != IAMEnforced && s.IAM != IAMOpen {
		bad("iam: %q must be %s (the default) or %s", s.IAM, IAMEnforced, IAMOpen)
	}
	if s.Enforced() && len(s.Simulate.Callers) > 0 {
		bad("simulatePrincipalPolicy.callers: only with iam: open; with IAM enforced, iam:SimulatePrincipalPolicy in the caller's policies decides who may simulate")
	}
	accounts := map[string]*Account{}
	for i := range s.Accounts {
		a := &s.Accounts[i]
		if !accountID.MatchString(a.ID) {
			bad("accounts[%d]: id %q must be 12 digits (quote it in YAML)", i, a.ID)
		}
		if accounts[a.ID] != nil {
			bad("accounts[%d]: duplicate account id %s", i, a.ID)
		}
		accounts[a.ID] = a
		errs = append(errs, a.validate(fmt.Sprintf("accounts[%d]", i))...)
	}
	known := func(path, id string) {
		if accounts[id] == nil {
			bad("%s: account %q is not in accounts", path, id)
		}
	}
	if ic := s.IdentityCenter; ic != nil {
		known("identityCenter.account", ic.Account)
		errs = append(errs, ic.validate(known)...)
	}
	if o := s.Organization; o != nil {
		known("organization.managementAccount", o.ManagementAccount)
		errs = append(errs, o.validate(accounts)...)
	}
	errs = append(errs, s.validateRegions()...)
	for i, k := range s.Local.AccessKeys {
		known(fmt.Sprintf("local.accessKeys[%d]", i), k.Account)
		if a := accounts[k.Account]; a != nil && !hasUser(a, k.User) {
			bad("local.accessKeys[%d]: user %q is not in account %s", i, k.User, k.Account)
		}
	}
	for i, t := range s.Local.SSOCache {
		path := fmt.Sprintf("local.ssoCache[%d]", i)
		if (t.Session == "") == (t.StartURL == "") {
			bad("%s: set exactly one of session or startUrl", path)
		}
		if _, err := time.ParseDuration(t.ExpiresIn); err != nil {
			bad("%s: expiresIn %q is not a duration like 8h or -2h", path, t.ExpiresIn)
		}
		if s.IdentityCenter == nil || !hasICUser(s.IdentityCenter, t.User) {
			bad("%s: user %q is not an Identity Center user", path, t.User)
		}
	}
	for i, f := range s.Faults {
		if err := f.Validate(); err != nil {
			bad("faults[%d]: %v", i, err)
		}
	}
	if g := s.Generate; g != nil {
		known("generate.account", g.Account)
		if g.Instances <= 0 || len(g.Subnets) == 0 {
			bad("generate: needs instances > 0 and at least one subnet")
		}
		if a := accounts[g.Account]; a != nil {
			for _, sn := range g.Subnets {
				if !hasSubnet(a, sn) {
					bad("generate: subnet %q is not in account %s", sn, g.Account)
				}
			}
		}
	}
	return errs
}

func (a *Account) validate(path string) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(path+": "+format, args...)) }
	subnets, sgs := map[string]bool{}, map[string]bool{}
	for i := range a.VPCs {
		v := &a.VPCs[i]
		for _, e := range v.validate() {
			errs = append(errs, fmt.Errorf("%s: %w", path, e))
		}
		rts := map[string]bool{}
		for _, rt := range v.RouteTables {
			rts[rt.Name] = true
		}
		for _, sn := range v.Subnets {
			subnets[sn.Name] = true
			if sn.RouteTable != "" && !rts[sn.RouteTable] {
				bad("subnet %s: route table %q is not in vpc %s", sn.Name, sn.RouteTable, v.Name)
			}
		}
		for _, g := range v.SecurityGroups {
			sgs[g.Name] = true
		}
		for _, e := range v.Endpoints {
			if e.Service == "" {
				bad("vpc %s: endpoint needs a service (ssm, ssmmessages, ec2messages, ...)", v.Name)
			}
		}
	}
	profiles := map[string]bool{}
	for _, r := range a.Roles {
		if r.InstanceProfile {
			profiles[r.Name] = true
		}
	}
	for _, in := range a.Instances {
		if in.Name == "" {
			bad("instance without a name")
		}
		if !subnets[in.Subnet] {
			bad("instance %s: subnet %q is not defined", in.Name, in.Subnet)
		}
		if in.State != "" && in.State != "running" && in.State != "stopped" {
			bad("instance %s: state %q must be running or stopped", in.Name, in.State)
		}
		if in.InstanceProfile != "" && !profiles[in.InstanceProfile] {
			bad("instance %s: instance profile %q needs a role with instanceProfile: true", in.Name, in.InstanceProfile)
		}
		for _, g := range in.SecurityGroups {
			if !sgs[g] {
				bad("instance %s: security group %q is not defined", in.Name, g)
			}
		}
	}
	for _, n := range a.ManagedNodes {
		if !managedNode.MatchString(n.ID) {
			bad("managed node %q: id must look like mi-0123456789abcdef0", n.ID)
		}
	}
	keys := map[string]bool{}
	for _, k := range a.KMSKeys {
		keys[k.Alias] = true
	}
	if p := a.SessionPreferences; p != nil && p.KMSKey != "" && !keys[p.KMSKey] && !arnPrefix.MatchString(p.KMSKey) {
		bad("sessionPreferences: kmsKey %q is neither a key alias of this account nor an ARN", p.KMSKey)
	}
	return errs
}

func (ic *IdentityCenter) validate(known func(path, id string)) []error {
	errs := ic.validateABAC()
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("identityCenter: "+format, args...)) }
	if ic.StartURL == "" {
		bad("startUrl is required")
	}
	groups, sets := map[string]bool{}, map[string]bool{}
	for _, g := range ic.Groups {
		groups[g.Name] = true
		for _, m := range g.Members {
			if !hasICUser(ic, m) {
				bad("group %s: member %q is not a user", g.Name, m)
			}
		}
	}
	for _, p := range ic.PermissionSets {
		sets[p.Name] = true
	}
	for i, a := range ic.Assignments {
		known(fmt.Sprintf("identityCenter.assignments[%d]", i), a.Account)
		if !sets[a.PermissionSet] {
			bad("assignments[%d]: permission set %q is not defined", i, a.PermissionSet)
		}
		switch {
		case (a.User == "") == (a.Group == ""):
			bad("assignments[%d]: set exactly one of user or group", i)
		case a.User != "" && !hasICUser(ic, a.User):
			bad("assignments[%d]: user %q is not defined", i, a.User)
		case a.Group != "" && !groups[a.Group]:
			bad("assignments[%d]: group %q is not defined", i, a.Group)
		}
	}
	return errs
}

func hasICUser(ic *IdentityCenter, name string) bool {
	for _, u := range ic.Users {
		if u.UserName == name {
			return true
		}
	}
	return false
}

func hasSubnet(a *Account, name string) bool {
	for _, v := range a.VPCs {
		for _, sn := range v.Subnets {
			if sn.Name == name {
				return true
			}
		}
	}
	return false
}

func hasUser(a *Account, name string) bool {
	for _, u := range a.Users {
		if u.Name == name {
			return true
		}
	}
	return false
}

// AccountByID returns the account with the given id, or nil.
func (s *Scenario) AccountByID(id string) *Account {
	for i := range s.Accounts {
		if s.Accounts[i].ID == id {
			return &s.Accounts[i]
		}
	}
	return nil
}
