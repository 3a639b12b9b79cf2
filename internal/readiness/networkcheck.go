package readiness

import "strings"

// NetworkUnseen is what the network check cannot see from the API.
const NetworkUnseen = "an HTTP proxy on the node, on-host firewalls, DNS overrides (/etc/hosts, a resolver that does not return the endpoint's private addresses)"

// CheckNetwork folds the per-endpoint paths into one check: blocked if any
// endpoint is unreachable, unknown if any hop cannot be seen past.
func CheckNetwork(paths []Path) Check {
	c := Check{ID: "network", Title: "Network path to the endpoints", Status: Pass,
		Evidence: map[string]any{"paths": paths, "notVisible": NetworkUnseen}}
	var blocked, unclear, open []string
	for _, p := range paths {
		switch p.Verdict {
		case PathBlocked:
			blocked = append(blocked, p.Service+": "+p.Reason)
			if p.Fix != "" {
				f := fixOf(p.Fix)
				if strings.Contains(p.Fix, "create-vpc-endpoint") {
					f.Text = "reach " + p.Service + " through an interface VPC endpoint with private DNS (or route 0.0.0.0/0 to a NAT gateway)"
				} else {
					f.Text = "reach " + p.Service + ": " + f.Text
				}
				c.Fixes = append(c.Fixes, f)
			}
		case PathUnclear:
			unclear = append(unclear, p.Service+": "+p.Reason)
		default:
			open = append(open, p.Service)
		}
	}
	switch {
	case len(blocked) > 0:
		c.Status, c.Reason = Fail, strings.Join(blocked, "; ")
	case len(unclear) > 0:
		c.Status, c.Reason = Unknown, strings.Join(unclear, "; ")
	default:
		c.Reason = "reaches " + strings.Join(open, ", ") + " (not visible to the API: proxies, host firewalls, DNS overrides)"
	}
	return c
}
