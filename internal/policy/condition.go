package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// opFamily is the base comparison of a condition operator, in its positive form.
type opFamily uint8

const (
	opStringEquals opFamily = iota
	opStringEqualsIgnoreCase
	opStringLike
	opNumericEquals
	opNumericLess
	opNumericLessEq
	opNumericGreater
	opNumericGreaterEq
	opDateEquals
	opDateLess
	opDateLessEq
	opDateGreater
	opDateGreaterEq
	opBool
	opBinaryEquals
	opIPAddress
	opArnLike
	opNull
)

// operatorInfo describes a base operator name (lower-cased, without
// ForAllValues:/ForAnyValue: and IfExists).
type operatorInfo struct {
	family  opFamily
	negated bool // the NOR form: true when no policy value matches
}

var operators = map[string]operatorInfo{
	"stringequals":              {opStringEquals, false},
	"stringnotequals":           {opStringEquals, true},
	"stringequalsignorecase":    {opStringEqualsIgnoreCase, false},
	"stringnotequalsignorecase": {opStringEqualsIgnoreCase, true},
	"stringlike":                {opStringLike, false},
	"stringnotlike":             {opStringLike, true},
	"numericequals":             {opNumericEquals, false},
	"numericnotequals":          {opNumericEquals, true},
	"numericlessthan":           {opNumericLess, false},
	"numericlessthanequals":     {opNumericLessEq, false},
	"numericgreaterthan":        {opNumericGreater, false},
	"numericgreaterthanequals":  {opNumericGreaterEq, false},
	"dateequals":                {opDateEquals, false},
	"datenotequals":             {opDateEquals, true},
	"datelessthan":              {opDateLess, false},
	"datelessthanequals":        {opDateLessEq, false},
	"dategreaterthan":           {opDateGreater, false},
	"dategreaterthanequals":     {opDateGreaterEq, false},
	"bool":                      {opBool, false},
	"binaryequals":              {opBinaryEquals, false},
	"ipaddress":                 {opIPAddress, false},
	"notipaddress":              {opIPAddress, true},
	"arnequals":                 {opArnLike, false},
	"arnlike":                   {opArnLike, false},
	"arnnotequals":              {opArnLike, true},
	"arnnotlike":                {opArnLike, true},
	"null":                      {opNull, false},
}

// setOp is a condition set operator.
type setOp uint8

const (
	setNone setOp = iota
	setForAll
	setForAny
)

// Condition is one operator/key pair of a Condition block with its values.
type Condition struct {
	Operator string   // as written, e.g. "ForAnyValue:StringLikeIfExists"
	Key      string   // as written
	Values   []string // as written (numbers and booleans in their JSON text)

	key      string // lower-cased: condition key names are case-insensitive
	info     operatorInfo
	set      setOp
	ifExists bool

	strs  []template     // String* (with variables)
	arns  []arnPattern   // Arn*
	nums  []float64      // Numeric*
	times []time.Time    // Date*
	nets  []netip.Prefix // IpAddress
}

// parseConditions reads a Condition element: {operator: {key: value(s)}}.
func parseConditions(raw any, vars bool) ([]Condition, error) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, errors.New("Condition must be an object of operators")
	}
	var out []Condition
	for _, op := range sortedKeys(obj) {
		block, ok := obj[op].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("Condition %s must be an object of condition keys", op)
		}
		for _, key := range sortedKeys(block) {
			c, err := newCondition(op, key, block[key], vars)
			if err != nil {
				return nil, fmt.Errorf("Condition %s %s: %w", op, key, err)
			}
			out = append(out, c)
		}
	}
	return out, nil
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

func newCondition(op, key string, raw any, vars bool) (Condition, error) {
	c := Condition{Operator: op, Key: key, key: strings.ToLower(key)}
	name := strings.ToLower(op)
	if rest, ok := strings.CutPrefix(name, "forallvalues:"); ok {
		c.set, name = setForAll, rest
	} else if rest, ok := strings.CutPrefix(name, "foranyvalue:"); ok {
		c.set, name = setForAny, rest
	}
	if rest, ok := strings.CutSuffix(name, "ifexists"); ok && rest != "" {
		c.ifExists, name = true, rest
	}
	info, ok := operators[name]
	if !ok {
		return c, errors.New("unknown condition operator")
	}
	if info.family == opNull && (c.ifExists || c.set != setNone) {
		return c, errors.New("Null takes neither IfExists nor a set operator")
	}
	c.info = info
	if key == "" {
		return c, errors.New("empty condition key")
	}
	values, err := conditionValues(raw)
	if err != nil {
		return c, err
	}
	c.Values = values
	return c, c.compile(vars)
}

// conditionValues accepts a string, number or boolean, or a non-empty array of them.
func conditionValues(raw any) ([]string, error) {
	list, ok := raw.([]any)
	if !ok {
		list = []any{raw}
	}
	if len(list) == 0 {
		return nil, errors.New("empty list of values")
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		switch t := v.(type) {
		case string:
			out = append(out, t)
		case json.Number:
			out = append(out, t.String())
		case float64:
			out = append(out, strconv.FormatFloat(t, 'f', -1, 64))
		case bool:
			out = append(out, strconv.FormatBool(t))
		default:
			return nil, errors.New("values must be strings, numbers or booleans")
		}
	}
	return out, nil
}

// compile parses the values once, so evaluation never re-parses them.
func (c *Condition) compile(vars bool) error {
	for _, v := range c.Values {
		switch c.info.family {
		case opStringEquals, opStringEqualsIgnoreCase, opStringLike:
			c.strs = append(c.strs, newTemplate(v, vars, c.info.family == opStringLike))
		case opArnLike:
			c.arns = append(c.arns, newARNPattern(v, vars))
		case opNumericEquals, opNumericLess, opNumericLessEq, opNumericGreater, opNumericGreaterEq:
			n, ok := parseNumber(v)
			if !ok {
				return fmt.Errorf("%q is not a number", v)
			}
			c.nums = append(c.nums, n)
		case opDateEquals, opDateLess, opDateLessEq, opDateGreater, opDateGreaterEq:
			t, ok := parseDate(v)
			if !ok {
				return fmt.Errorf("%q is not an ISO 8601 date or epoch time", v)
			}
			c.times = append(c.times, t)
		case opIPAddress:
			p, ok := parseCIDR(v)
			if !ok {
				return fmt.Errorf("%q is not an IP address or CIDR block", v)
			}
			c.nets = append(c.nets, p)
		case opNull, opBool:
			lv := strings.ToLower(v)
			if c.info.family == opNull && lv != "true" && lv != "false" {
				return fmt.Errorf("Null takes true or false, not %q", v)
			}
		}
	}
	return nil
}

func parseNumber(s string) (float64, bool) {
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, false
	}
	return n, true
}

// dateLayouts are the ISO 8601 forms AWS accepts in Date conditions.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	"20060102T150405Z",
	"20060102T150405Z0700",
	"20060102",
}

// parseDate reads an ISO 8601 date or an epoch time in seconds.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) != 8 {
		return time.Unix(n, 0).UTC(), true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	if f, ok := parseNumber(s); ok && strings.Contains(s, ".") {
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
	}
	return time.Time{}, false
}

// parseCIDR reads a CIDR block or a single address (a /32 or /128).
func parseCIDR(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4In6() {
			bits := p.Bits() - 96
			if bits < 0 {
				return netip.Prefix{}, false
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), bits)
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}
