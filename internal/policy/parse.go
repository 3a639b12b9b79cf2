package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Parse reads one policy document. name labels it in explanations and errors;
// kind decides which elements it may hold (a Principal only in resource
// policies and RCPs). An invalid document is an error, never evaluated.
func Parse(name string, kind Kind, data []byte) (*Policy, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte-order mark some editors write
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("policy %s: not valid JSON: %w", name, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("policy %s: unexpected data after the JSON document", name)
	}
	return FromJSON(name, kind, doc)
}

// FromJSON builds a policy from an already decoded JSON document (as
// encoding/json decodes into any; json.Number or float64 for numbers).
func FromJSON(name string, kind Kind, doc any) (*Policy, error) {
	p, err := fromJSON(name, kind, doc)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", name, err)
	}
	return p, nil
}

func fromJSON(name string, kind Kind, doc any) (*Policy, error) {
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("a policy document must be a JSON object")
	}
	if inner, from, isCLI, err := unwrapCLIOutput(obj); err != nil {
		return nil, err
	} else if isCLI {
		if obj, ok = inner.(map[string]any); !ok {
			return nil, fmt.Errorf("%s must hold a policy document (a JSON object)", from)
		}
	}
	p := &Policy{Name: name, Kind: kind}
	for _, k := range sortedKeys(obj) { // sorted: the same input always gives the same error
		v := obj[k]
		switch k {
		case "Version":
			s, ok := v.(string)
			if !ok || (s != Version2012 && s != Version2008) {
				return nil, fmt.Errorf("Version must be %q or %q", Version2012, Version2008)
			}
			p.Version = s
		case "Id":
			s, ok := v.(string)
			if !ok {
				return nil, errors.New("Id must be a string")
			}
			p.ID = s
		case "Statement":
		default:
			return nil, fmt.Errorf("unknown element %q (want Version, Id, Statement)", k)
		}
	}
	raw, ok := obj["Statement"]
	if !ok {
		return nil, errors.New("missing Statement")
	}
	var stmts []any
	switch v := raw.(type) {
	case map[string]any:
		stmts = []any{v}
	case []any:
		stmts = v
	default:
		return nil, errors.New("Statement must be an object or an array of objects")
	}
	vars := p.Version == Version2012
	sids := map[string]bool{}
	for i, raw := range stmts {
		s, err := parseStatement(raw, i, kind, vars)
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i, err)
		}
		if s.Sid != "" {
			if sids[s.Sid] {
				return nil, fmt.Errorf("statement %d: duplicate Sid %q", i, s.Sid)
			}
			sids[s.Sid] = true
		}
		desc := describeMatch(Match{PolicyType: kind, Policy: name, Sid: s.Sid, Index: s.Index})
		s.kind, s.allowedBy, s.deniedBy = kind, "allowed by "+desc, "explicitly denied by "+desc
		p.Statements = append(p.Statements, s)
	}
	return p, nil
}

func parseStatement(raw any, index int, kind Kind, vars bool) (Statement, error) {
	s := Statement{Index: index}
	obj, ok := raw.(map[string]any)
	if !ok {
		return s, errors.New("a statement must be a JSON object")
	}
	for _, k := range sortedKeys(obj) {
		switch k {
		case "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition":
		default:
			return s, fmt.Errorf("unknown element %q", k)
		}
	}
	if v, ok := obj["Sid"]; ok {
		sid, ok := v.(string)
		if !ok {
			return s, errors.New("Sid must be a string")
		}
		s.Sid = sid
	}
	switch obj["Effect"] {
	case "Allow":
		s.Effect = Allow
	case "Deny":
		s.Effect = Deny
	case nil:
		return s, errors.New("missing Effect")
	default:
		return s, fmt.Errorf("Effect must be \"Allow\" or \"Deny\", not %v", obj["Effect"])
	}
	if err := s.parseActions(obj); err != nil {
		return s, err
	}
	if err := s.parseResources(obj, kind, vars); err != nil {
		return s, err
	}
	if err := s.parsePrincipals(obj, kind); err != nil {
		return s, err
	}
	if c, ok := obj["Condition"]; ok {
		conds, err := parseConditions(c, vars)
		if err != nil {
			return s, err
		}
		s.conditions = conds
	}
	return s, nil
}

func (s *Statement) parseActions(obj map[string]any) error {
	name, raw, err := exactlyOne(obj, "Action", "NotAction")
	if err != nil {
		return err
	}
	list, err := stringList(raw, name)
	if err != nil {
		return err
	}
	for _, a := range list {
		if a != "*" {
			svc, act, ok := strings.Cut(a, ":")
			if !ok || svc == "" || act == "" || strings.ContainsAny(svc, " ") {
				return fmt.Errorf("%s %q must be \"*\" or service:action, such as ssm:StartSession", name, a)
			}
		}
		s.actions = append(s.actions, globPattern(strings.ToLower(a)))
		s.actionsRaw = append(s.actionsRaw, a)
	}
	s.notAction = name == "NotAction"
	return nil
}

func (s *Statement) parseResources(obj map[string]any, kind Kind, vars bool) error {
	_, hasR := obj["Resource"]
	_, hasNR := obj["NotResource"]
	if kind == KindResource && !hasR && !hasNR {
		// Resource-based policies may leave Resource out (role trust policies
		// must): the statement covers the resource the policy is attached to.
		s.resources = []arnPattern{{raw: "*", any: true}}
		return nil
	}
	name, raw, err := exactlyOne(obj, "Resource", "NotResource")
	if err != nil {
		return err
	}
	list, err := stringList(raw, name)
	if err != nil {
		return err
	}
	for _, r := range list {
		if r == "" {
			return fmt.Errorf("%s must not be empty", name)
		}
		s.resources = append(s.resources, newResourcePattern(r, vars))
	}
	s.notRes = name == "NotResource"
	return nil
}

func (s *Statement) parsePrincipals(obj map[string]any, kind Kind) error {
	_, hasP := obj["Principal"]
	_, hasNP := obj["NotPrincipal"]
	switch kind {
	case KindResource:
		if !hasP && !hasNP {
			return errors.New("a resource-based policy statement needs Principal or NotPrincipal")
		}
	case KindRCP:
		if hasNP {
			return errors.New("an RCP cannot use NotPrincipal")
		}
		if hasP {
			if v, _ := obj["Principal"].(string); v != "*" {
				return errors.New("an RCP's Principal must be \"*\"")
			}
		}
	default:
		if hasP || hasNP {
			return fmt.Errorf("Principal and NotPrincipal belong in resource-based policies only, not in this %s policy", kind)
		}
		return nil
	}
	if !hasP && !hasNP {
		return nil
	}
	name, raw, err := exactlyOne(obj, "Principal", "NotPrincipal")
	if err != nil {
		return err
	}
	pe, err := parsePrincipalElem(name, raw)
	if err != nil {
		return err
	}
	s.principal, s.notPrinc = pe, name == "NotPrincipal"
	return nil
}
