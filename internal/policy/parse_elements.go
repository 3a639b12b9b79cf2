package policy

import (
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
)

func parsePrincipalElem(name string, raw any) (*principalElem, error) {
	pe := &principalElem{}
	if str, ok := raw.(string); ok {
		if str != "*" {
			return nil, fmt.Errorf("%s must be \"*\" or an object such as {\"AWS\": \"arn:...\"}", name)
		}
		pe.any = true
		return pe, nil
	}
	obj, ok := raw.(map[string]any)
	if !ok || len(obj) == 0 {
		return nil, fmt.Errorf("%s must be \"*\" or a non-empty object", name)
	}
	for _, k := range sortedKeys(obj) {
		list, err := stringList(obj[k], name+"."+k)
		if err != nil {
			return nil, err
		}
		switch k {
		case "AWS":
			for _, a := range list {
				if a == "*" {
					pe.any = true
				} else if !validAWSPrincipal(a) {
					return nil, fmt.Errorf("%s.AWS %q: want \"*\", an account id, an IAM or STS ARN such as arn:aws:iam::111122223333:root, or a unique id (no wildcards inside)", name, a)
				}
			}
			pe.aws = list
		case "Service":
			pe.service = list
		case "Federated":
			pe.federated = list
		case "CanonicalUser":
			// Accepted (S3 bucket policies use it) but never kept: no
			// caller this package evaluates is an S3 canonical user.
		default:
			return nil, fmt.Errorf("%s: unknown principal type %q (want AWS, Service, Federated, CanonicalUser)", name, k)
		}
	}
	return pe, nil
}

// validAWSPrincipal accepts what IAM accepts in an "AWS" principal: an
// account id, an IAM or STS ARN of that account, or the unique id a deleted
// principal leaves behind. "You cannot use a wildcard to match part of a
// principal name or ARN" (reference_policies_elements_principal.html).
func validAWSPrincipal(s string) bool {
	if arn.IsAccountID(s) {
		return true
	}
	if strings.ContainsAny(s, "*?") {
		return false
	}
	if strings.HasPrefix(s, "arn:") {
		a, err := arn.Parse(s)
		return err == nil && (a.Service == "iam" || a.Service == "sts") && arn.IsAccountID(a.Account)
	}
	if len(s) < 16 || len(s) > 128 || s[0] != 'A' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < 'A' || s[i] > 'Z') && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// exactlyOne returns whichever of a and b obj holds, and fails if it holds both or neither.
func exactlyOne(obj map[string]any, a, b string) (string, any, error) {
	va, hasA := obj[a]
	vb, hasB := obj[b]
	switch {
	case hasA && hasB:
		return "", nil, fmt.Errorf("a statement cannot have both %s and %s", a, b)
	case hasA:
		return a, va, nil
	case hasB:
		return b, vb, nil
	}
	return "", nil, fmt.Errorf("missing %s (or %s)", a, b)
}

// stringList accepts a string or a non-empty array of strings.
func stringList(raw any, name string) ([]string, error) {
	switch v := raw.(type) {
	case string:
		return []string{v}, nil
	case []any:
		if len(v) == 0 {
			return nil, fmt.Errorf("%s must not be an empty array", name)
		}
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s must hold only strings", name)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s must be a string or an array of strings", name)
}
