package main

import "strings"

var operatorsByType = map[keyType][]string{
	tString:  {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"},
	tARN:     {"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "StringLike"},
	tNumeric: {"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
	tDate:    {"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
	tBool:    {"Bool"},
	tIP:      {"IpAddress", "NotIpAddress"},
}

// conditionKeys lists the keys a condition may test for this world.
func (w world) conditionKeys() []keySpec {
	keys := append([]keySpec{}, globalKeys...)
	for _, prefix := range w.t.tagKeys {
		for _, k := range resourceTags {
			k.name = prefix + k.name
			keys = append(keys, k)
		}
	}
	return keys
}

// conditions builds a Condition element of one or two operators, each with
// one or two keys and one to three values.
func (g *gen) conditions(w world) obj {
	keys := w.conditionKeys()
	c := obj{}
	for range 1 + g.r.IntN(2) {
		k := pick(g, keys)
		op := g.operator(k)
		block, ok := c[op].(obj)
		if !ok {
			block = obj{}
			c[op] = block
		}
		block[g.keyCase(k.name)] = g.values(k, op)
		if g.chance(0.25) {
			k2 := pick(g, keys)
			if op2 := g.operator(k2); op2 == op {
				block[g.keyCase(k2.name)] = g.values(k2, op)
			}
		}
	}
	return c
}

func (g *gen) operator(k keySpec) string {
	if g.chance(0.07) {
		return "Null"
	}
	op := pick(g, operatorsByType[k.typ])
	if g.chance(0.2) {
		op += "IfExists"
	}
	switch {
	case k.multi && g.chance(0.85), !k.multi && g.chance(0.07):
		op = pick(g, []string{"ForAnyValue:", "ForAllValues:"}) + op
	}
	return op
}

func (g *gen) values(k keySpec, op string) any {
	if op == "Null" {
		return pick(g, []string{"true", "false"})
	}
	pool := append(append([]string{}, k.values...), k.policy...)
	if k.typ == tString && g.chance(0.15) {
		pool = append(pool, pick(g, stringVariables))
	}
	n := 1 + g.r.IntN(3)
	if n > len(pool) {
		n = len(pool)
	}
	var xs []string
	seen := map[string]bool{}
	for len(xs) < n {
		v := pick(g, pool)
		if !seen[v] {
			seen[v] = true
			xs = append(xs, v)
		}
	}
	return g.list(xs)
}

// keyCase sometimes writes a condition key in another case: key names are
// case-insensitive.
func (g *gen) keyCase(k string) string {
	switch {
	case g.chance(0.05):
		return strings.ToUpper(k)
	case g.chance(0.05):
		return strings.ToLower(k)
	}
	return k
}
