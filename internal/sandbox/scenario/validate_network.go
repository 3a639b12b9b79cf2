package scenario

import "fmt"

// validate checks a VPC's internal references; the seeder would otherwise pass an empty id
// to EC2 and build something other than what the file says.
func (v *VPC) validate() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("vpc "+v.Name+": "+format, args...)) }
	subnets, tables, groups, acls, nats := names(v.Subnets, func(s Subnet) string { return s.Name }),
		names(v.RouteTables, func(r RouteTable) string { return r.Name }),
		names(v.SecurityGroups, func(g SecurityGroup) string { return g.Name }),
		names(v.NetworkACLs, func(a NetworkACL) string { return a.Name }),
		names(v.NATGateways, func(n NATGateway) string { return n.Name })
	for _, sn := range v.Subnets {
		if sn.NetworkACL != "" && !acls[sn.NetworkACL] {
			bad("subnet %s: network ACL %q is not in this vpc's networkAcls", sn.Name, sn.NetworkACL)
		}
	}
	for _, n := range v.NATGateways {
		if !subnets[n.Subnet] {
			bad("natGateway %s: subnet %q is not in this vpc", n.Name, n.Subnet)
		}
	}
	for _, rt := range v.RouteTables {
		for _, r := range rt.Routes {
			switch {
			case r.NATGateway != "" && !nats[r.NATGateway]:
				bad("routeTable %s: NAT gateway %q is not in this vpc's natGateways", rt.Name, r.NATGateway)
			case r.InternetGateway && !v.InternetGateway:
				bad("routeTable %s: a route to the internet gateway needs internetGateway: true on the vpc", rt.Name)
			}
		}
	}
	for _, e := range v.Endpoints {
		for _, ref := range []struct {
			kind  string
			list  []string
			known map[string]bool
		}{{"subnet", e.Subnets, subnets}, {"security group", e.SecurityGroups, groups}, {"route table", e.RouteTables, tables}} {
			for _, name := range ref.list {
				if !ref.known[name] {
					bad("endpoint %s: %s %q is not in this vpc", e.Service, ref.kind, name)
				}
			}
		}
	}
	return errs
}

func names[T any](items []T, name func(T) string) map[string]bool {
	out := make(map[string]bool, len(items))
	for _, it := range items {
		out[name(it)] = true
	}
	return out
}
