// Package target turns what a user types (i-..., mi-..., Name=web-01,
// tag:Key=Value, a private IP or DNS name) into the instances and managed
// nodes Session Manager would connect to, with batch calls: one
// ec2:DescribeInstances per kind of filter and page, one
// ssm:DescribeInstanceInformation per page, never one call per target.
package target

import (
	"fmt"
	"net/netip"
	"strings"
)

// Kind is how a spec names its targets.
type Kind string

// The kinds of target spec.
const (
	InstanceID Kind = "instance-id" // i-0123456789abcdef0
	ManagedID  Kind = "managed-id"  // mi-0123456789abcdef0 (hybrid node)
	Name       Kind = "name"        // Name=web-01: the Name tag
	Tag        Kind = "tag"         // tag:Key=Value
	PrivateIP  Kind = "private-ip"  // 10.0.1.5
	PublicIP   Kind = "public-ip"   // 54.1.2.3
	PrivateDNS Kind = "private-dns" // ip-10-0-1-5.eu-west-1.compute.internal
	PublicDNS  Kind = "public-dns"  // ec2-54-1-2-3.eu-west-1.compute.amazonaws.com
)

// Spec is one parsed target argument.
type Spec struct {
	// Raw is the argument as typed, for messages and the record.
	Raw  string `json:"raw"`
	Kind Kind   `json:"kind"`
	// Key is the tag key (Tag; "Name" for Name); Value what must match.
	Key   string `json:"key,omitempty"`
	Value string `json:"value"`
}

// ParseSpec parses one target argument. Anything else is a usage error
// naming the forms it accepts.
func ParseSpec(s string) (Spec, error) {
	sp := Spec{Raw: s, Value: s}
	switch {
	case isID(s, "i-", 8) || isID(s, "i-", 17):
		sp.Kind = InstanceID
	case isID(s, "mi-", 17):
		sp.Kind = ManagedID
	case strings.HasPrefix(s, "Name="):
		sp.Kind, sp.Key, sp.Value = Name, "Name", strings.TrimPrefix(s, "Name=")
		if sp.Value == "" {
			return Spec{}, fmt.Errorf("target %q names no instance: Name=VALUE", s)
		}
	case strings.HasPrefix(s, "tag:"):
		k, v, ok := strings.Cut(strings.TrimPrefix(s, "tag:"), "=")
		if !ok || k == "" {
			return Spec{}, fmt.Errorf("target %q: want tag:KEY=VALUE", s)
		}
		sp.Kind, sp.Key, sp.Value = Tag, k, v
	default:
		if a, err := netip.ParseAddr(s); err == nil {
			sp.Kind = PublicIP
			if a.IsPrivate() {
				sp.Kind = PrivateIP
			}
			return sp, nil
		}
		if isDNSName(s) {
			sp.Kind, sp.Value = PrivateDNS, strings.ToLower(strings.TrimSuffix(s, "."))
			if strings.HasSuffix(sp.Value, ".amazonaws.com") {
				sp.Kind = PublicDNS
			}
			return sp, nil
		}
		return Spec{}, fmt.Errorf("target %q is not an instance id (i-...), a managed node id (mi-...), Name=NAME, "+
			"tag:KEY=VALUE, an IP address or an instance's DNS name", s)
	}
	return sp, nil
}

// isID reports whether s is prefix followed by n lower-case hex digits.
func isID(s, prefix string, n int) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(rest) != n {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// isDNSName accepts names of at least two labels of letters, digits and
// hyphens, as EC2's DNS names are; a bare word is more likely a mistyped Name.
func isDNSName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	labels := strings.Split(s, ".")
	if len(labels) < 2 || len(s) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
				return false
			}
		}
	}
	return true
}

// Matches reports whether t is one of the targets the spec names.
func (sp Spec) Matches(t Target) bool {
	switch sp.Kind {
	case InstanceID, ManagedID:
		return t.ID == sp.Value
	case Name:
		return t.Tags["Name"] == sp.Value || (t.Node != nil && t.Node.ResourceType == ResourceManagedInstance && t.Name == sp.Value)
	case Tag:
		v, ok := t.Tags[sp.Key]
		return ok && v == sp.Value
	case PrivateIP:
		return t.PrivateIP == sp.Value || (t.Node != nil && t.Node.IPAddress == sp.Value)
	case PublicIP:
		return t.PublicIP == sp.Value
	case PrivateDNS:
		return strings.EqualFold(t.PrivateDNS, sp.Value)
	case PublicDNS:
		return strings.EqualFold(t.PublicDNS, sp.Value)
	}
	return false
}
