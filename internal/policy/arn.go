package policy

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
)

// arnSegments is the number of colon-separated parts of an ARN:
// arn:partition:service:region:account:resource (the resource may hold colons).
const arnSegments = 6

// segment returns part i (0 = "arn") of a.
func segment(a *arn.ARN, i int) string {
	switch i {
	case 0:
		return "arn"
	case 1:
		return a.Partition
	case 2:
		return a.Service
	case 3:
		return a.Region
	case 4:
		return a.Account
	default:
		return a.Resource
	}
}

// restOf joins parts i.. of a back together with colons.
func restOf(a *arn.ARN, i int) string {
	segs := []string{"arn", a.Partition, a.Service, a.Region, a.Account, a.Resource}
	return strings.Join(segs[i:], ":")
}

// arnPattern is a Resource entry or an Arn* condition value.
type arnPattern struct {
	raw   string
	any   bool       // "*": every resource
	isARN bool       // starts with "arn:"; matched segment by segment
	segs  []template // up to six segments; the last may be shorter
}

// newARNPattern compiles an Arn* condition value, where variables may stand
// anywhere.
func newARNPattern(raw string, vars bool) arnPattern { return compileARNPattern(raw, vars, vars) }

// newResourcePattern compiles a Resource or NotResource entry. Variables
// count only in the resource part: "You can use a policy variable in the
// Resource element, but only in the resource portion of the ARN ... You
// can't use a variable to replace parts of the ARN before the fifth colon,
// such as the service or account" (reference_policies_variables.html#policy-vars-wheretouse);
// before it "${...}" is plain text.
func newResourcePattern(raw string, vars bool) arnPattern { return compileARNPattern(raw, false, vars) }

// compileARNPattern compiles an ARN pattern. Wildcards never cross the colons
// of the first five segments; in the resource segment they match anything,
// slashes and colons included ("Each of the six colon-delimited components
// of the ARN is checked separately", reference_policies_elements_condition_operators.html#Conditions_ARN).
func compileARNPattern(raw string, varsHead, varsResource bool) arnPattern {
	p := arnPattern{raw: raw}
	if raw == "*" {
		p.any = true
		return p
	}
	if !strings.HasPrefix(raw, "arn:") {
		p.segs = []template{newTemplate(raw, varsResource, true)}
		return p
	}
	p.isARN = true
	for i, s := range splitOutsideVariables(raw, arnSegments) {
		p.segs = append(p.segs, newTemplate(s, varsHead || (varsResource && i == arnSegments-1), true))
	}
	return p
}

// splitOutsideVariables splits s on colons that are not inside ${...},
// into at most n parts.
func splitOutsideVariables(s string, n int) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s) && len(out) < n-1; i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// matchARN reports whether the resource ARN (parsed as a, or raw when it is
// not an ARN) matches p. It returns the unresolved variable when a hole in
// the pattern stopped the match.
func (p *arnPattern) matchARN(raw string, a *arn.ARN, e *env) (bool, string) {
	if p.any {
		return true, ""
	}
	if !p.isARN || a == nil {
		if len(p.segs) != 1 || p.isARN {
			return false, ""
		}
		pt, missing, ok := p.segs[0].expand(e)
		if !ok {
			return false, missing
		}
		return pt.match(raw, false), ""
	}
	last := len(p.segs) - 1
	for i := range p.segs {
		seg := &p.segs[i]
		if i < last || last == arnSegments-1 {
			// Fast paths for the common "*" and literal segments.
			if !seg.hasVars && len(seg.static) == 1 {
				switch t := seg.static[0]; {
				case t.kind == tokStar:
					continue
				case t.kind == tokLit && i < arnSegments-1:
					if t.lit != segment(a, i) {
						return false, ""
					}
					continue
				}
			}
		}
		pt, missing, ok := seg.expand(e)
		if !ok {
			return false, missing
		}
		target := segment(a, i)
		if i == last && last < arnSegments-1 {
			// A short pattern such as "arn:aws:ec2:*" only matches when its
			// last segment ends in "*", which then spans the remaining segments.
			if len(pt) == 0 || pt[len(pt)-1].kind != tokStar {
				return false, ""
			}
			target = restOf(a, i)
		}
		if !pt.match(target, false) {
			return false, ""
		}
	}
	return true, ""
}
