package scenario

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var (
	regionName  = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$`)
	instanceRef = regexp.MustCompile(`^\{\{instance:([^}]+)\}\}$`)
)

// applyRegionDefaults gives every regional resource a region: its own, else its account's,
// else the scenario's. A session defaults to its target instance's region.
func (s *Scenario) applyRegionDefaults() {
	if s.Region == "" {
		s.Region = DefaultRegion
	}
	if len(s.Regions) == 0 {
		s.Regions = []string{s.Region}
	}
	if ic := s.IdentityCenter; ic != nil {
		ic.Region = ic.RegionOr(s.Region)
	}
	for i := range s.Accounts {
		a := &s.Accounts[i]
		a.Region = cmp.Or(a.Region, s.Region)
		for j := range a.VPCs {
			a.VPCs[j].Region = cmp.Or(a.VPCs[j].Region, a.Region)
		}
		for j := range a.ManagedNodes {
			a.ManagedNodes[j].Region = cmp.Or(a.ManagedNodes[j].Region, a.Region)
		}
		for j := range a.KMSKeys {
			a.KMSKeys[j].Region = cmp.Or(a.KMSKeys[j].Region, a.Region)
		}
		for j := range a.LogGroups {
			a.LogGroups[j].Region = cmp.Or(a.LogGroups[j].Region, a.Region)
		}
		for j := range a.Buckets {
			a.Buckets[j].Region = cmp.Or(a.Buckets[j].Region, a.Region)
		}
		for j := range a.Sessions {
			ss := &a.Sessions[j]
			if m := instanceRef.FindStringSubmatch(ss.Target); m != nil && ss.Region == "" {
				ss.Region = a.InstanceRegion(m[1])
			}
			ss.Region = cmp.Or(ss.Region, a.Region)
		}
	}
}

// SubnetRegion is the region of the VPC holding the named subnet, "" when there is none.
func (a *Account) SubnetRegion(subnet string) string {
	for _, v := range a.VPCs {
		for _, sn := range v.Subnets {
			if sn.Name == subnet {
				return v.Region
			}
		}
	}
	return ""
}

// InstanceRegion is the region of the named instance (its subnet's VPC), "" when unknown.
func (a *Account) InstanceRegion(name string) string {
	for _, in := range a.Instances {
		if in.Name == name {
			return a.SubnetRegion(in.Subnet)
		}
	}
	return ""
}

// validateRegions checks region names, that every region used is listed, and that
// availability zones belong to their VPC's region.
func (s *Scenario) validateRegions() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	for i, r := range s.Regions {
		if !regionName.MatchString(r) {
			bad("regions[%d]: %q is not a region name such as eu-west-1", i, r)
		}
		if slices.Index(s.Regions, r) != i {
			bad("regions[%d]: %s is listed twice", i, r)
		}
	}
	// used reports a region missing from the list once, where it is written: a resource
	// that inherits its parent's region is not reported again.
	used := func(path, r, parent string) {
		if r != parent && !slices.Contains(s.Regions, r) {
			bad("%s: region %q is not in regions (%s)", path, r, strings.Join(s.Regions, ", "))
		}
	}
	used("region", s.Region, "")
	if ic := s.IdentityCenter; ic != nil {
		used("identityCenter.region", ic.Region, s.Region)
	}
	for i := range s.Accounts {
		a := &s.Accounts[i]
		path := fmt.Sprintf("accounts[%d]", i)
		used(path+".region", a.Region, s.Region)
		for _, v := range a.VPCs {
			used(path+": vpc "+v.Name, v.Region, a.Region)
			for _, sn := range v.Subnets {
				if az := sn.AvailabilityZone; az != "" && !(len(az) == len(v.Region)+1 && strings.HasPrefix(az, v.Region) && az[len(az)-1] >= 'a' && az[len(az)-1] <= 'z') {
					bad("%s: subnet %s: availability zone %q is not in the vpc's region %s (want %sa, %sb, ...)", path, sn.Name, az, v.Region, v.Region, v.Region)
				}
			}
		}
		for _, n := range a.ManagedNodes {
			used(path+": managed node "+n.ID, n.Region, a.Region)
		}
		for _, k := range a.KMSKeys {
			used(path+": kmsKey "+k.Alias, k.Region, a.Region)
		}
		for _, g := range a.LogGroups {
			used(path+": logGroup "+g.Name, g.Region, a.Region)
		}
		for _, b := range a.Buckets {
			used(path+": bucket "+b.Name, b.Region, a.Region)
		}
		for _, ss := range a.Sessions {
			used(path+": session "+ss.ID, ss.Region, a.Region)
		}
		seen := map[string]bool{a.Region: true}
		for j, r := range a.RegionalSettings {
			rpath := fmt.Sprintf("%s.regionalSettings[%d]", path, j)
			used(rpath, r.Region, a.Region)
			if seen[r.Region] {
				bad("%s: region %s already has its settings (the account's own region uses sessionPreferences and serviceSettings)", rpath, r.Region)
			}
			seen[r.Region] = true
		}
	}
	return errs
}

// Settings returns the account's session preferences and service settings in a region.
func (a *Account) Settings(region string) (*SessionPreferences, ServiceSettings) {
	if region == a.Region {
		return a.SessionPreferences, a.ServiceSettings
	}
	for _, r := range a.RegionalSettings {
		if r.Region == region {
			return r.SessionPreferences, r.ServiceSettings
		}
	}
	return nil, ServiceSettings{}
}

// AccountRegions lists, sorted, every region where the account has something.
func (a *Account) AccountRegions() []string {
	set := map[string]bool{a.Region: true}
	for _, v := range a.VPCs {
		set[v.Region] = true
	}
	for _, n := range a.ManagedNodes {
		set[n.Region] = true
	}
	for _, k := range a.KMSKeys {
		set[k.Region] = true
	}
	for _, g := range a.LogGroups {
		set[g.Region] = true
	}
	for _, r := range a.RegionalSettings {
		set[r.Region] = true
	}
	out := make([]string, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}
