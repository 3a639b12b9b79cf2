package main

import (
	"strings"
)

// policyKind is the role a generated policy plays; it decides its elements.
type policyKind uint8

const (
	kindIdentity policyKind = iota
	kindBoundary
	kindSession
	kindResource
	kindSCP
	kindRCP
)

var fullAccess = obj{"Version": "2012-10-17", "Statement": []any{obj{"Effect": "Allow", "Action": "*", "Resource": "*"}}}

// levels builds SCP or RCP levels, root first; most keep the full-access policy.
func (g *gen) levels(w world, kind policyKind, n int) []any {
	var out []any
	for range n {
		var lvl []any
		// RCPFullAWSAccess is attached to every level and cannot be
		// detached, so RCP levels list only their Deny policies.
		if kind == kindSCP && g.chance(0.85) {
			lvl = append(lvl, fullAccess)
		}
		if len(lvl) == 0 || g.chance(0.6) {
			lvl = append(lvl, g.policy(w, kind, false))
		}
		out = append(out, lvl)
	}
	return out
}

// policy builds a policy of 1-4 statements; good makes the first an Allow
// that covers the request (conditions aside), so allows are common.
func (g *gen) policy(w world, kind policyKind, good bool) obj {
	n := 1 + g.r.IntN(3)
	if kind == kindIdentity && g.chance(0.3) {
		n++
	}
	var stmts []any
	sids := map[string]bool{}
	for i := range n {
		s := g.statement(w, kind, good && i == 0)
		if sid, ok := s["Sid"].(string); ok {
			if sids[sid] { // Sids are unique within a policy
				delete(s, "Sid")
			}
			sids[sid] = true
		}
		stmts = append(stmts, s)
	}
	p := obj{"Statement": stmts}
	switch {
	case kind == kindRCP:
		p["Version"] = "2012-10-17"
	case g.chance(0.05):
		p["Version"] = "2008-10-17"
	case g.chance(0.03):
	default:
		p["Version"] = "2012-10-17"
	}
	if len(stmts) == 1 && g.chance(0.3) {
		p["Statement"] = stmts[0]
	}
	return p
}

func (g *gen) statement(w world, kind policyKind, good bool) obj {
	s := obj{}
	effect := "Allow"
	switch {
	case kind == kindRCP:
		effect = "Deny"
	case good:
	case kind == kindSCP && g.chance(0.35), g.chance(0.18):
		effect = "Deny"
	}
	s["Effect"] = effect
	if g.chance(0.3) {
		s["Sid"] = pick(g, []string{"S1", "Stmt2", "AllowSessions", "DenyOthers"}) + pick(g, []string{"", "a", "b", "c"})
	}
	switch {
	case kind == kindRCP:
		s["Action"] = g.actions(w, true, false)
	case !good && g.chance(0.15):
		s["NotAction"] = g.actions(w, false, true)
	default:
		s["Action"] = g.actions(w, good, true)
	}
	trust := kind == kindResource && w.t.action == "sts:AssumeRole"
	switch {
	case trust && g.chance(0.8):
	case !good && g.chance(0.12):
		s["NotResource"] = g.resources(w, false)
	default:
		s["Resource"] = g.resources(w, good)
	}
	switch kind {
	case kindResource:
		pr := g.principal(w, good)
		if !good && g.chance(0.06) {
			s["NotPrincipal"] = pr
		} else {
			s["Principal"] = pr
		}
	case kindRCP:
		s["Principal"] = "*"
	}
	if g.chance(0.45) {
		if c := g.conditions(w); len(c) > 0 {
			s["Condition"] = c
		}
	}
	return s
}

// list returns one element as a string or several as an array, as policies do.
func (g *gen) list(xs []string) any {
	if len(xs) == 1 && g.chance(0.6) {
		return xs[0]
	}
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// actions builds an Action list; star allows "*" (RCPs may not use it).
func (g *gen) actions(w world, good, star bool) any {
	svc, name, _ := strings.Cut(w.t.action, ":")
	covering := []string{
		w.t.action, w.t.action, strings.ToUpper(svc) + ":" + strings.ToLower(name), svc + ":*",
		svc + ":" + name[:len(name)/2] + "*", svc + ":" + name[:len(name)-1] + "?",
		svc + ":*" + name[len(name)/2:], svc + ":?" + name[1:],
	}
	if star {
		covering = append(covering, "*")
	}
	other := pick(g, targets).action
	n := 1 + g.r.IntN(2)
	var xs []string
	for i := range n {
		if (good && i == 0) || g.chance(0.55) {
			xs = append(xs, pick(g, covering))
		} else {
			xs = append(xs, pick(g, []string{other, svc + ":Describe*", "ssm:SendCommand", "iam:PassRole"}))
		}
	}
	return g.list(xs)
}

func (g *gen) resources(w world, good bool) any {
	n := 1 + g.r.IntN(2)
	var xs []string
	for i := range n {
		xs = append(xs, g.resourcePattern(w, good && i == 0))
	}
	return g.list(xs)
}

// resourcePattern returns a Resource entry derived from the request's
// resource: exact, widened with wildcards or variables, or aimed elsewhere.
func (g *gen) resourcePattern(w world, good bool) string {
	if w.second != "" && g.chance(0.5) {
		w.resource, w.tmpl = w.second, w.secondTmpl
	}
	if w.resource == "*" {
		return pick(g, []string{"*", "*", "arn:aws:ec2:*:*:instance/*"})
	}
	arn := w.resource
	parts := strings.SplitN(arn, ":", 6)
	id := parts[5]
	cut := strings.IndexAny(id, "/:") + 1 // the resource type and its separator
	product := id[:cut]
	withID := func(newID string) string { return strings.Join(parts[:5], ":") + ":" + newID }
	variants := []func() string{
		func() string { return arn },
		func() string { return "*" },
		func() string { p := append([]string{}, parts...); p[3] = "*"; return strings.Join(p, ":") },
		func() string { p := append([]string{}, parts...); p[4] = "*"; p[3] = "*"; return strings.Join(p, ":") },
		func() string { return withID(product + "*") },
		func() string {
			return withID(id[:cut+g.r.IntN(len(id)-cut)] + "*")
		},
		func() string {
			i := len(id) - 1 - g.r.IntN(3)
			return withID(id[:i] + "?" + id[i+1:])
		},
		func() string { // a policy variable where the template names the caller
			if !strings.Contains(w.tmpl, "NAME") {
				return withID(product + "*")
			}
			return w.fill(w.tmpl, w.resAcct, pick(g, stringVariables))
		},
	}
	if good {
		return variants[g.r.IntN(len(variants))]()
	}
	misses := []func() string{
		func() string { return w.fill(pick(g, w.t.resources), w.resAcct, "carol") },
		func() string { return w.fill(w.tmpl, otherAcct(w.resAcct), w.p.name) },
		func() string { return withID(strings.ToUpper(id)) },
		func() string { return "arn:aws:" + parts[2] + ":*" },
		func() string { return w.fill(w.tmpl, "${aws:PrincipalAccount}", w.p.name) },
	}
	if g.chance(0.35) {
		return misses[g.r.IntN(len(misses))]()
	}
	return variants[g.r.IntN(len(variants))]()
}

func otherAcct(a string) string {
	if a == acctA {
		return acctB
	}
	return acctA
}

// principal builds a resource policy's Principal element.
func (g *gen) principal(w world, good bool) any {
	p := w.p
	if strings.HasSuffix(p.arn, ".amazonaws.com") {
		return pick(g, []any{"*", obj{"Service": p.arn}, obj{"Service": []any{"logs.amazonaws.com", p.arn}}, obj{"Service": "logs.amazonaws.com"}, obj{"AWS": "*"}})
	}
	choices := []any{
		"*",
		obj{"AWS": "*"},
		obj{"AWS": "arn:aws:iam::" + p.account + ":root"},
		obj{"AWS": p.account},
		obj{"AWS": p.arn},
		obj{"AWS": []any{"arn:aws:iam::" + otherAcct(p.account) + ":root", p.arn}},
	}
	if r := roleOf(p); r != "" {
		choices = append(choices, obj{"AWS": r})
	}
	if good {
		return pick(g, choices)
	}
	choices = append(choices,
		obj{"AWS": "arn:aws:iam::" + otherAcct(p.account) + ":root"},
		obj{"AWS": "arn:aws:iam::" + p.account + ":user/mallory"},
		obj{"Service": "ssm.amazonaws.com"},
	)
	return pick(g, choices)
}
