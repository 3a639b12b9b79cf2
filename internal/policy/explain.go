package policy

// This file holds the explanations: reason sentences, failed conditions and missing keys.

import (
	"strconv"
	"strings"
)

// stmtRef remembers the first statement noted, for the reason sentence.
type stmtRef struct {
	s *Statement
	m Match
}

func (r *stmtRef) note(s *Statement, m Match) {
	if r.s == nil {
		r.s, r.m = s, m
	}
}

// reason is "allowed by ..." or "explicitly denied by ...", prebuilt when
// the statement was parsed under the policy type it was evaluated as.
func (r *stmtRef) reason() string {
	if r.s.kind == r.m.PolicyType {
		if r.m.Effect == Deny {
			return r.s.deniedBy
		}
		return r.s.allowedBy
	}
	if r.m.Effect == Deny {
		return "explicitly denied by " + describeMatch(r.m)
	}
	return "allowed by " + describeMatch(r.m)
}

// hole is an Allow statement whose Resource names a policy variable the
// request has no value for, such as ${aws:username} for a role session.
type hole struct {
	at       Match // the statement (Effect left unset: always Allow)
	variable string
}

func failureReason(c *Condition, o outcome, e *env) string {
	switch o.fail {
	case condMissing:
		if c.Key != strings.TrimSpace(c.Key) {
			// Quoted, or the space that makes the key unmatchable is invisible.
			return strconv.Quote(c.Key) + " (note the space) is not in the request, so " + c.Operator + " cannot match"
		}
		if c.info.family == opNull {
			return c.Key + " is not in the request"
		}
		return c.Key + " is not in the request, so " + c.Operator + " cannot match"
	case condMultiPlain:
		return c.Key + " has several values: a multivalued key needs ForAnyValue: or ForAllValues:"
	case condUnresolved:
		return "policy variable ${" + o.unresolved + "} has no value for this request"
	}
	v, _ := e.get(c.key)
	if c.info.family == opNull {
		return c.Key + " is present"
	}
	reason := c.Key + " is " + quoteValues(v)
	if _, given := e.req[c.key]; !given && c.key == "aws:principalarn" && e.principal != nil && e.principal.IsRoleSession() {
		if _, onResource := e.res[c.key]; !onResource {
			reason += " (derived from the session ARN, which omits the role's path: supply aws:PrincipalArn to test one)"
		}
	}
	return reason
}

func quoteValues(v Value) string {
	if !v.Multi && len(v.Values) == 1 {
		return strconv.Quote(v.Values[0])
	}
	q := make([]string, len(v.Values))
	for i, s := range v.Values {
		q[i] = strconv.Quote(s)
	}
	if v.Multi {
		return "[" + strings.Join(q, ", ") + "]"
	}
	return strings.Join(q, ", ")
}
