// Package simulate turns offline simulation input (a --batch case or the
// simulate flags) into a policy evaluation and its Decision record
// (package decision).
package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// Case is one line of `simulate --batch` input. Every field but Request is optional.
type Case struct {
	ID                   json.RawMessage     `json:"id,omitempty"`
	IdentityPolicies     []json.RawMessage   `json:"identityPolicies,omitempty"`
	PermissionBoundaries []json.RawMessage   `json:"permissionBoundaries,omitempty"`
	SessionPolicy        json.RawMessage     `json:"sessionPolicy,omitempty"`
	ResourcePolicy       json.RawMessage     `json:"resourcePolicy,omitempty"`
	SCPs                 [][]json.RawMessage `json:"scps,omitempty"`
	RCPs                 [][]json.RawMessage `json:"rcps,omitempty"`
	Request              *CaseRequest        `json:"request"`
}

// CaseRequest is the request of a case.
type CaseRequest struct {
	Principal string         `json:"principal"`
	Action    string         `json:"action"`
	Resources []CaseResource `json:"resources"`
	Context   ContextValues  `json:"context,omitempty"`
}

// CaseResource is a resource ARN, given as a string or as {"arn", "context"}.
type CaseResource struct {
	ARN     string        `json:"arn"`
	Context ContextValues `json:"context,omitempty"`
}

// UnmarshalJSON accepts "ARN" or {"arn": "ARN", "context": {...}}.
func (r *CaseResource) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*r = CaseResource{ARN: s}
		return nil
	}
	type plain CaseResource
	var p plain
	if err := strictUnmarshal(b, &p); err != nil {
		return fmt.Errorf("a resource must be an ARN string or {\"arn\": ..., \"context\": {...}}: %w", err)
	}
	*r = CaseResource(p)
	return nil
}

// ContextValues maps context keys to one value (single-valued) or a list
// (multivalued, even with one element).
type ContextValues map[string]ContextValue

// ContextValue is one key's value(s).
type ContextValue struct {
	Values []string
	Multi  bool
}

// UnmarshalJSON accepts a string, number or boolean, or a list of them.
func (v *ContextValue) UnmarshalJSON(b []byte) error {
	var list []json.RawMessage
	if err := json.Unmarshal(b, &list); err == nil {
		v.Multi, v.Values = true, make([]string, 0, len(list))
		for _, e := range list {
			s, err := scalar(e)
			if err != nil {
				return err
			}
			v.Values = append(v.Values, s)
		}
		return nil
	}
	s, err := scalar(b)
	if err != nil {
		return err
	}
	v.Values = []string{s}
	return nil
}

// MarshalJSON writes the value back in the form it was given.
func (v ContextValue) MarshalJSON() ([]byte, error) {
	if v.Multi {
		return json.Marshal(v.Values)
	}
	if len(v.Values) == 0 {
		return []byte(`""`), nil
	}
	return json.Marshal(v.Values[0])
}

func scalar(b []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return "", err
	}
	switch t := x.(type) {
	case string:
		return t, nil
	case json.Number:
		return t.String(), nil
	case bool:
		return fmt.Sprint(t), nil
	}
	return "", errors.New("context values must be strings, numbers, booleans or lists of them")
}

// toContext converts to the evaluator's context. Two keys that differ only
// in case are one key to IAM; which value won would depend on map order, so
// that is an error.
func (cv ContextValues) toContext() (policy.Context, error) {
	c := policy.Context{}
	seen := make(map[string]string, len(cv))
	for _, k := range slices.Sorted(maps.Keys(cv)) { // sorted: the same input always gives the same error
		v := cv[k]
		lk := strings.ToLower(k)
		if other, dup := seen[lk]; dup {
			return nil, fmt.Errorf("context keys %q and %q are the same key (key names are case-insensitive): give it once", other, k)
		}
		seen[lk] = k
		if v.Multi {
			c.SetMulti(k, v.Values...)
		} else if len(v.Values) == 1 {
			c.Set(k, v.Values[0])
		}
	}
	return c, nil
}

// ParseCase decodes one batch line strictly: unknown fields are errors, so a
// typo such as "identityPolicy" is reported instead of silently ignored.
func ParseCase(line []byte) (Case, error) {
	var c Case
	if err := strictUnmarshal(line, &c); err != nil {
		return c, fmt.Errorf("not a valid case: %w", err)
	}
	return c, nil
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// Build parses the case's policies and request for policy.Evaluate.
func (c Case) Build() (policy.Request, policy.Set, error) {
	var set policy.Set
	if c.Request == nil {
		return policy.Request{}, set, errors.New(`missing "request"`)
	}
	parse := func(name string, kind policy.Kind, raw json.RawMessage) (*policy.Policy, error) {
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || string(raw) == "null" {
			return nil, nil
		}
		if raw[0] == '"' {
			// A document given as a JSON string, as the IAM API returns it.
			var doc string
			if err := json.Unmarshal(raw, &doc); err != nil {
				return nil, fmt.Errorf("policy %s: %w", name, err)
			}
			raw = []byte(doc)
		}
		return policy.Parse(name, kind, raw)
	}
	var err error
	if set.Identity, err = parseList("identityPolicies", policy.KindIdentity, c.IdentityPolicies, nil, parse); err != nil {
		return policy.Request{}, set, err
	}
	if set.Boundaries, err = parseList("permissionBoundaries", policy.KindBoundary, c.PermissionBoundaries, nil, parse); err != nil {
		return policy.Request{}, set, err
	}
	sp, err := parse("sessionPolicy", policy.KindSession, c.SessionPolicy)
	if err != nil {
		return policy.Request{}, set, err
	}
	set.Session = appendPolicy(nil, sp)
	if set.Resource, err = parse("resourcePolicy", policy.KindResource, c.ResourcePolicy); err != nil {
		return policy.Request{}, set, err
	}
	if set.SCPs, err = parseLevels("scps", policy.KindSCP, c.SCPs, parse); err != nil {
		return policy.Request{}, set, err
	}
	if set.RCPs, err = parseLevels("rcps", policy.KindRCP, c.RCPs, parse); err != nil {
		return policy.Request{}, set, err
	}
	reqCtx, err := c.Request.Context.toContext()
	if err != nil {
		return policy.Request{}, set, fmt.Errorf("request context: %w", err)
	}
	req := policy.Request{Principal: c.Request.Principal, Action: c.Request.Action, Context: reqCtx}
	if strings.TrimSpace(req.Action) == "" {
		return req, set, errors.New(`request: missing "action"`)
	}
	if strings.TrimSpace(req.Principal) == "" {
		// Without a caller, session policies, resource-policy principals and
		// the keys derived from the principal would be silently left out.
		return req, set, errors.New(`request: missing "principal" (the caller's ARN)`)
	}
	for _, r := range c.Request.Resources {
		resCtx, err := r.Context.toContext()
		if err != nil {
			return policy.Request{}, set, fmt.Errorf("resource %s context: %w", r.ARN, err)
		}
		req.Resources = append(req.Resources, policy.Resource{ARN: r.ARN, Context: resCtx})
	}
	return req, set, nil
}

func appendPolicy(ps []*policy.Policy, p *policy.Policy) []*policy.Policy {
	if p == nil {
		return ps
	}
	return append(ps, p)
}

type parseFunc func(string, policy.Kind, json.RawMessage) (*policy.Policy, error)

func parseLevels(field string, kind policy.Kind, levels [][]json.RawMessage, parse parseFunc) ([][]*policy.Policy, error) {
	var out [][]*policy.Policy
	for i, lvl := range levels {
		// A level stays present even when all its entries are null.
		ps, err := parseList(fmt.Sprintf("%s[%d]", field, i), kind, lvl, []*policy.Policy{}, parse)
		if err != nil {
			return nil, err
		}
		out = append(out, ps)
	}
	return out, nil
}

// parseList parses raws (the JSON array field) onto out, skipping nulls.
func parseList(field string, kind policy.Kind, raws []json.RawMessage, out []*policy.Policy, parse parseFunc) ([]*policy.Policy, error) {
	for i, raw := range raws {
		p, err := parse(fmt.Sprintf("%s[%d]", field, i), kind, raw)
		if err != nil {
			return nil, err
		}
		out = appendPolicy(out, p)
	}
	return out, nil
}
