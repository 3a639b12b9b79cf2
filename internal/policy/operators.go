package policy

import (
	"cmp"
	"encoding/base64"
	"net/netip"
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
)

// condFailure says why a condition did not hold.
type condFailure uint8

const (
	condOK         condFailure = iota
	condMissing                // the key is not in the request
	condMismatch               // the values do not satisfy the operator
	condMultiPlain             // a multivalued key under a plain operator
	condUnresolved             // a policy variable had no value
)

// outcome is the result of evaluating one condition.
type outcome struct {
	fail       condFailure
	unresolved string // the variable, for condUnresolved
	absent     bool   // the key was not in the request
}

// eval evaluates c. Semantics (reference_policies_elements_condition_operators.html):
// several values of one key are ORed, negated operators are NOR over those
// values, a missing key fails unless the operator is negated or ...IfExists,
// and Null tests presence.
func (c *Condition) eval(e *env) outcome {
	val, present := e.get(c.key)
	o := c.evalValue(val, present, e)
	o.absent = !present
	return o
}

func (c *Condition) evalValue(val Value, present bool, e *env) outcome {
	if c.info.family == opNull {
		for _, pv := range c.Values {
			if strings.EqualFold(pv, "true") != present {
				return outcome{}
			}
		}
		if present {
			return outcome{fail: condMismatch}
		}
		return outcome{fail: condMissing}
	}
	switch c.set {
	case setForAll:
		// "returns true if there are no context keys in the request".
		if !present {
			return outcome{}
		}
		miss := ""
		for _, v := range val.Values {
			ok, m := c.holds(v, e)
			miss = firstOf(miss, m)
			if !ok {
				return failure(miss)
			}
		}
		return outcome{unresolved: miss}
	case setForAny:
		if !present {
			if c.ifExists {
				return outcome{}
			}
			return outcome{fail: condMissing}
		}
		miss := ""
		for _, v := range val.Values {
			ok, m := c.holds(v, e)
			miss = firstOf(miss, m)
			if ok {
				return outcome{unresolved: miss}
			}
		}
		return failure(miss)
	}
	if !present {
		if c.ifExists || c.info.negated {
			return outcome{}
		}
		return outcome{fail: condMissing}
	}
	if val.Multi {
		return outcome{fail: condMultiPlain}
	}
	ok, miss := c.holds(val.Values[0], e)
	if !ok {
		return failure(miss)
	}
	return outcome{unresolved: miss}
}

// failure is a mismatch, explained by the policy variable without a value
// when one took part.
func failure(miss string) outcome {
	if miss != "" {
		return outcome{fail: condUnresolved, unresolved: miss}
	}
	return outcome{fail: condMismatch}
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// holds applies the operator to one request value: any policy value matches
// (positive operators) or none does (negated ones). A policy value holding a
// variable without a value matches nothing: "the value is effectively null.
// There is no equal or like value ... Inverted condition operators like
// StringNotEquals or StringNotLike do match against a null value"
// (reference_policies_variables.html#policy-vars-no-value). It also returns
// that variable, for the explanation.
func (c *Condition) holds(v string, e *env) (bool, string) {
	found, miss := c.anyValueMatches(v, e)
	return found != c.info.negated, miss
}

func (c *Condition) anyValueMatches(v string, e *env) (bool, string) {
	switch c.info.family {
	case opStringEquals, opStringEqualsIgnoreCase:
		found, hole := false, ""
		for i := range c.strs {
			pv, miss, ok := c.strs[i].expandString(e)
			if !ok {
				hole = firstOf(hole, miss)
				continue
			}
			if !found && (pv == v || (c.info.family == opStringEqualsIgnoreCase && strings.EqualFold(pv, v))) {
				found = true
			}
		}
		return found, hole
	case opStringLike:
		found, hole := false, ""
		for i := range c.strs {
			p, miss, ok := c.strs[i].expand(e)
			if !ok {
				hole = firstOf(hole, miss)
				continue
			}
			if !found && p.match(v, false) {
				found = true
			}
		}
		return found, hole
	case opArnLike:
		a, err := arn.Parse(v)
		if err != nil {
			return false, ""
		}
		found, hole := false, ""
		for i := range c.arns {
			ok, miss := c.arns[i].matchARN(v, &a, e)
			hole = firstOf(hole, miss)
			found = found || ok
		}
		return found, hole
	case opNumericEquals, opNumericLess, opNumericLessEq, opNumericGreater, opNumericGreaterEq:
		n, ok := parseNumber(v)
		if !ok {
			return false, ""
		}
		for _, pv := range c.nums {
			if compareOrdered(c.info.family-opNumericEquals, cmp.Compare(n, pv)) {
				return true, ""
			}
		}
	case opDateEquals, opDateLess, opDateLessEq, opDateGreater, opDateGreaterEq:
		t, ok := parseDate(v)
		if !ok {
			return false, ""
		}
		for _, pv := range c.times {
			if compareOrdered(c.info.family-opDateEquals, t.Compare(pv)) {
				return true, ""
			}
		}
	case opBool:
		for _, pv := range c.Values {
			if strings.EqualFold(pv, v) {
				return true, ""
			}
		}
	case opBinaryEquals:
		for _, pv := range c.Values {
			if binaryEqual(pv, v) {
				return true, ""
			}
		}
	case opIPAddress:
		a, err := netip.ParseAddr(strings.TrimSpace(v))
		if err != nil {
			return false, ""
		}
		a = a.Unmap()
		for _, n := range c.nets {
			if n.Contains(a) {
				return true, ""
			}
		}
	}
	return false, ""
}

// compareOrdered applies comparison rel (0 equals, 1 less, 2 less-or-equal,
// 3 greater, 4 greater-or-equal, in opFamily order) to a three-way result.
func compareOrdered(rel opFamily, c int) bool {
	switch rel {
	case 0:
		return c == 0
	case 1:
		return c < 0
	case 2:
		return c <= 0
	case 3:
		return c > 0
	default:
		return c >= 0
	}
}

// binaryEqual compares base64 values by their bytes when both decode.
func binaryEqual(a, b string) bool {
	if a == b {
		return true
	}
	da, errA := base64.StdEncoding.DecodeString(a)
	db, errB := base64.StdEncoding.DecodeString(b)
	return errA == nil && errB == nil && string(da) == string(db)
}
