package policy

import "fmt"

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
	for k, v := range obj {
		list, err := stringList(v, name+"."+k)
		if err != nil {
			return nil, err
		}
		switch k {
		case "AWS":
			for _, a := range list {
				if a == "*" {
					pe.any = true
				}
			}
			pe.aws = list
		case "Service":
			pe.service = list
		case "Federated":
			pe.federated = list
		case "CanonicalUser":
			pe.canonical = list
		default:
			return nil, fmt.Errorf("%s: unknown principal type %q (want AWS, Service, Federated, CanonicalUser)", name, k)
		}
	}
	return pe, nil
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
