package policy

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
)

// Evaluate decides whether req is allowed by set, resource by resource, and
// explains each decision. It is a pure function; an error means the request
// itself is malformed (bad principal, action or resource ARN).
func Evaluate(req Request, set Set) (Result, error) {
	p, err := parsePrincipal(req.Principal)
	if err != nil {
		return Result{}, err
	}
	if err := checkAction(req.Action); err != nil {
		return Result{}, err
	}
	if len(req.Resources) == 0 {
		return Result{}, errors.New("a request needs at least one resource")
	}
	if p.Type == arn.IAMUser || p.Type == arn.Role || p.Type == arn.Root || p.Type == arn.ServicePrincipal {
		// Session policies exist only for sessions: "If the principal is not a
		// session principal, the enforcement code returns a final decision of Allow"
		// (reference_policies_evaluation-logic_policy-eval-denyallow.html).
		set.Session = nil
	}
	if p.IsServiceLinkedRole() {
		// "SCPs do not affect service-linked roles", and RCPs do not apply to
		// them either (AWS Organizations User Guide, SCPs and RCPs).
		set.SCPs, set.RCPs = nil, nil
	}
	if p.Type == arn.ServicePrincipal {
		set.SCPs = nil // SCPs restrict IAM users and roles of member accounts only
	}
	ev := evaluator{
		action:      req.Action,
		principal:   &p,
		set:         set,
		kms:         hasPrefixFold(req.Action, "kms:"),
		trust:       hasPrefixFold(req.Action, "sts:") && set.Resource != nil,
		hasBoundary: countPolicies(set.Boundaries) > 0,
		allowArena:  make([]Match, 0, 4),
	}
	res := Result{Decision: Allowed, Resources: make([]ResourceResult, 0, len(req.Resources))}
	if strings.EqualFold(req.Action, "sts:GetCallerIdentity") {
		// "No permissions are required to perform this operation. If an
		// administrator attaches a policy ... that explicitly denies access
		// to sts:GetCallerIdentity, you can still perform this operation"
		// (STS API reference, GetCallerIdentity).
		for _, r := range req.Resources {
			res.Resources = append(res.Resources, ResourceResult{ARN: r.ARN, Decision: Allowed,
				Reason: "sts:GetCallerIdentity needs no permission and cannot be denied", Matched: []Match{}, FailedConditions: []FailedCondition{}})
		}
		res.MissingContextKeys = []string{}
		return res, nil
	}
	for _, r := range req.Resources {
		rc := resourceCtx{raw: r.ARN, env: env{res: r.Context, req: req.Context, principal: &p}}
		if r.ARN != "*" {
			a, err := arn.Parse(r.ARN)
			if err != nil {
				return Result{}, fmt.Errorf("resource: %w", err)
			}
			rc.arn, rc.isARN = a, true
			rc.env.resAccount = a.Account
		}
		rr := ev.decide(&rc)
		res.Resources = append(res.Resources, rr)
		res.Decision = worse(res.Decision, rr.Decision)
	}
	res.MissingContextKeys = append(make([]string, 0, len(ev.missing)), ev.missing...)
	sort.Strings(res.MissingContextKeys)
	return res, nil
}

// hasPrefixFold reports whether s is prefix, in any case, followed by at
// least one more byte (a service's action, a tag key's name).
func hasPrefixFold(s, prefix string) bool {
	return len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// checkAction accepts service:Action without wildcards.
func checkAction(a string) error {
	svc, name, ok := strings.Cut(a, ":")
	if !ok || svc == "" || name == "" || strings.ContainsAny(a, "*? ") {
		return fmt.Errorf("action %q must be service:Action, such as ssm:StartSession", a)
	}
	return nil
}

func worse(a, b Decision) Decision {
	if a == ExplicitDeny || b == Allowed {
		return a
	}
	return b
}

func countPolicies(ps []*Policy) int {
	n := 0
	for _, p := range ps {
		if p != nil {
			n++
		}
	}
	return n
}

// evaluator holds what stays the same across the resources of one request.
type evaluator struct {
	action      string // as asked; matched case-insensitively
	principal   *arn.Principal
	set         Set
	kms         bool // KMS: the key policy must allow or enable IAM policies
	trust       bool // STS with a role trust policy: it must allow, as a key policy must
	hasBoundary bool
	missing     []string // context keys the policies used and the request lacked, as first written
	holes       []hole   // Allow statements of the current resource stopped by a variable without value
	gapKind     gapKind
	gapLevel    int
	// The applicable statements of every resource, in order; each
	// ResourceResult.Matched is a window of one of them: fewer allocations.
	allowArena, denyArena []Match
	// The statements worth naming in the reason, per resource.
	firstDeny, firstAllow, primaryAllow stmtRef
	primaryPM                           principalMatch // how primaryAllow names the caller, for resource policies
}

// verdict is what one policy type says about a request.
type verdict struct {
	present bool           // the type applies (e.g. a boundary is attached)
	allows  int            // how many Allow statements apply (listed in the allow arena)
	best    principalMatch // resource policies: the strongest Principal match among allows
}

func (v *verdict) allowed() bool { return !v.present || v.allows > 0 }

// analyze finds the statements of policies that apply to the resource.
func (ev *evaluator) analyze(kind Kind, policies []*Policy, rc *resourceCtx, out *ResourceResult) (v verdict) {
	v.present = countPolicies(policies) > 0
	for _, pol := range policies {
		if pol == nil {
			continue
		}
		for i := range pol.Statements {
			s := &pol.Statements[i]
			if !s.matchesAction(ev.action) {
				continue
			}
			ok, miss := s.matchesResource(rc, &rc.env)
			if miss != "" {
				ev.noteMissing(miss)
				if !ok && s.Effect == Allow {
					ev.holes = append(ev.holes, hole{at: Match{PolicyType: kind, Policy: pol.Name, Sid: s.Sid, Index: s.Index}, variable: miss})
				}
			}
			if !ok {
				continue
			}
			pm := pmDirect
			if s.principal == nil && kind == KindResource {
				continue // parsed as another kind: names nobody
			}
			if s.principal != nil {
				pm = s.principal.match(ev.principal)
				if s.notPrinc {
					pm = invert(pm)
					// "The NotPrincipal element with a Deny effect will always deny any
					// IAM principal that has a permissions boundary policy attached"
					// (access_policies_boundaries.html).
					if s.Effect == Deny && ev.hasBoundary {
						pm = pmDirect
					}
				}
				if pm == pmNone {
					continue
				}
			}
			if !ev.conditionsHold(kind, pol, s, rc, out) {
				continue
			}
			m := Match{PolicyType: kind, Policy: pol.Name, Sid: s.Sid, Index: s.Index, Effect: s.Effect}
			if s.Effect == Deny {
				ev.denyArena = append(ev.denyArena, m)
				ev.firstDeny.note(s, m)
				continue
			}
			ev.allowArena = append(ev.allowArena, m)
			ev.firstAllow.note(s, m)
			switch {
			case kind == KindResource && pm >= pmIndirect && (ev.primaryAllow.s == nil || pm > ev.primaryPM):
				// A grant to the caller decides; a statement naming the account
				// only delegates to identity policies (KMS "Enable IAM User
				// Permissions"), so it is not the one to name.
				ev.primaryAllow, ev.primaryPM = stmtRef{s: s, m: m}, pm
			case kind == KindIdentity:
				ev.primaryAllow.note(s, m)
			}
			v.allows++
			if pm > v.best {
				v.best = pm
			}
		}
	}
	return v
}

func invert(pm principalMatch) principalMatch {
	if pm == pmNone {
		return pmDirect
	}
	return pmNone
}

func (ev *evaluator) noteMissing(key string) {
	for _, k := range ev.missing {
		if strings.EqualFold(k, key) {
			return
		}
	}
	ev.missing = append(ev.missing, key)
}

// conditionsHold evaluates every condition (all must hold), noting missing
// keys and, for Allow statements, why each failing condition failed.
func (ev *evaluator) conditionsHold(kind Kind, pol *Policy, s *Statement, rc *resourceCtx, out *ResourceResult) bool {
	holds := true
	for i := range s.conditions {
		c := &s.conditions[i]
		o := c.eval(&rc.env)
		if o.absent {
			ev.noteMissing(c.Key)
		}
		if o.unresolved != "" {
			ev.noteMissing(o.unresolved)
		}
		if o.fail == condOK {
			continue
		}
		holds = false
		if s.Effect == Allow {
			out.FailedConditions = append(out.FailedConditions, FailedCondition{
				PolicyType: kind, Policy: pol.Name, Sid: s.Sid, Index: s.Index,
				Operator: c.Operator, Key: c.Key, Values: c.Values,
				Reason: failureReason(c, o, &rc.env),
			})
		}
	}
	return holds
}
