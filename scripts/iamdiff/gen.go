package main

import (
	"math/rand/v2"
	"strings"
)

// gen draws random cases from the catalog; the same seed gives the same cases.
type gen struct {
	r     *rand.Rand
	rare  float64 // share of cases with a rare principal (role ARN, federated user, root)
	multi float64 // share of instance StartSession cases that also name the document
}

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, 0x1a2d))} }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// world is what one case is about: who asks what of which resource.
type world struct {
	p        principalSpec
	t        target
	resource string // the request's resource ARN
	tmpl     string // the resource with placeholders, for policy patterns
	region   string
	resAcct  string
	tags     map[string]string // the resource's tags, by tag key
	// A second resource the same request authorizes, as ssm:StartSession
	// authorizes the instance and the document; "" when there is none.
	second, secondTmpl string
}

type obj = map[string]any

// newCase builds one random case in the `simulate --batch` format.
func (g *gen) newCase(id string) obj {
	w := g.newWorld()
	c := obj{"id": id}
	service := strings.HasSuffix(w.p.arn, ".amazonaws.com")
	var ids []any
	for range g.weighted(10, 45, 30, 15) {
		if service {
			break // a service principal has no identity policies nor boundary
		}
		ids = append(ids, g.policy(w, kindIdentity, len(ids) == 0 && g.chance(0.6)))
	}
	if len(ids) > 0 {
		c["identityPolicies"] = ids
	}
	if !service && g.chance(0.25) {
		c["permissionBoundaries"] = []any{g.policy(w, kindBoundary, g.chance(0.6))}
	}
	if w.p.session && g.chance(0.3) {
		c["sessionPolicy"] = g.policy(w, kindSession, g.chance(0.6))
	}
	if (w.t.withPolicy && g.chance(0.75)) || g.chance(0.08) {
		c["resourcePolicy"] = g.policy(w, kindResource, g.chance(0.5))
	}
	if g.chance(0.3) {
		c["scps"] = g.levels(w, kindSCP, 1+g.r.IntN(3))
	}
	if g.chance(0.15) {
		c["rcps"] = g.levels(w, kindRCP, 1+g.r.IntN(2))
	}
	c["request"] = g.request(w)
	return c
}

// weighted returns n drawn with the given weights for 0, 1, 2, ...
func (g *gen) weighted(weights ...int) []struct{} {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := g.r.IntN(total)
	for n, w := range weights {
		if x < w {
			return make([]struct{}, n)
		}
		x -= w
	}
	return nil
}

func (g *gen) newWorld() world {
	callerAcct := acctA
	if g.chance(0.2) {
		callerAcct = acctB
	}
	ps := principals(callerAcct)
	if g.chance(g.rare) {
		ps = rarePrincipals(callerAcct)
	}
	w := world{p: pick(g, ps), t: pick(g, targets), region: pick(g, []string{"us-east-1", "eu-west-1"})}
	w.resAcct = acctA
	if g.chance(0.15) {
		w.resAcct = acctB
	}
	w.tmpl = pick(g, w.t.resources)
	w.resource = w.fill(w.tmpl, w.resAcct, w.p.name)
	if w.t.action == "ssm:StartSession" && !strings.Contains(w.tmpl, "document/") && g.chance(g.multi) {
		w.secondTmpl = pick(g, []string{
			"arn:aws:ssm:REGION:ACCT:document/AWS-StartPortForwardingSession",
			"arn:aws:ssm:REGION:ACCT:document/SSM-SessionManagerRunShell",
		})
		w.second = w.fill(w.secondTmpl, w.resAcct, w.p.name)
	}
	w.tags = map[string]string{}
	if len(w.t.tagKeys) > 0 {
		for _, k := range resourceTags {
			if g.chance(0.5) {
				w.tags[k.name] = pick(g, k.values)
			}
		}
	}
	return w
}

func (w world) fill(tmpl, acct, name string) string {
	return strings.NewReplacer("REGION", w.region, "ACCT", acct, "NAME", name).Replace(tmpl)
}

func (g *gen) request(w world) obj {
	ctx := obj{}
	for _, k := range globalKeys {
		if k.derived || !g.chance(0.45) {
			continue
		}
		if k.name == "aws:userid" {
			if w.p.session {
				ctx[k.name] = "AROAEXAMPLEID:" + w.p.name
			}
			continue
		}
		if k.multi {
			var vs []any
			for _, v := range k.values {
				if g.chance(0.4) {
					vs = append(vs, v)
				}
			}
			ctx[k.name] = append([]any{}, vs...)
			continue
		}
		ctx[k.name] = pick(g, k.values)
	}
	if w.t.noAccount {
		ctx["aws:ResourceAccount"] = w.resAcct
	}
	req := obj{"principal": w.p.arn, "action": w.t.action}
	if len(w.tags) > 0 {
		rctx := obj{}
		for _, prefix := range w.t.tagKeys {
			for k, v := range w.tags {
				rctx[prefix+k] = v
			}
		}
		req["resources"] = []any{obj{"arn": w.resource, "context": rctx}}
	} else {
		req["resources"] = []any{w.resource}
	}
	if w.second != "" {
		req["resources"] = append(req["resources"].([]any), w.second) // a document carries no instance tags
	}
	if len(ctx) > 0 {
		req["context"] = ctx
	}
	return req
}
