package main

import (
	"encoding/json"
)

// shrink removes parts of a disagreeing case (policies, statements,
// conditions, context keys, list entries) for as long as the two evaluators
// still disagree in the same way, so each class of disagreement shows up
// as a small case a person can read.
func shrink(c obj, still func(obj) bool) obj {
	for {
		progressed := false
		for _, cand := range candidates(c) {
			if still(cand) {
				c, progressed = cand, true
				break
			}
		}
		if !progressed {
			return c
		}
	}
}

// candidates returns copies of c with one part removed.
func candidates(c obj) []obj {
	var out []obj
	var paths [][]any
	walk(c, nil, func(path []any, deletable bool) {
		if deletable {
			paths = append(paths, append([]any{}, path...))
		}
	})
	for _, p := range paths {
		cp := deepCopy(c).(obj)
		if remove(cp, p) {
			out = append(out, cp)
		}
	}
	return out
}

// walk visits every node; a node is deletable when removing it may leave a
// valid case: array elements, and object members other than the ones every
// case or statement needs.
func walk(v any, path []any, visit func([]any, bool)) {
	switch t := v.(type) {
	case obj:
		for k, e := range t {
			p := append(path, k)
			visit(p, deletableKey(k))
			walk(e, p, visit)
		}
	case []any:
		keep := len(path) > 0 && path[len(path)-1] == "resources" // a request needs its resource
		for i, e := range t {
			p := append(path, i)
			visit(p, !keep)
			walk(e, p, visit)
		}
	}
}

func deletableKey(k string) bool {
	switch k {
	case "request", "principal", "action", "resources", "Effect", "Statement", "id", "arn", "Version":
		// Version stays: dropping it turns variables into text and so
		// changes the class of the disagreement.
		return false
	case "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal":
		return false
	}
	return true
}

// lookup follows path from root and returns the node it ends at.
func lookup(root obj, path []any) any {
	node := any(root)
	for _, step := range path {
		switch t := node.(type) {
		case obj:
			node = t[step.(string)]
		case []any:
			node = t[step.(int)]
		}
	}
	return node
}

func remove(root obj, path []any) bool {
	parentPath, last := path[:len(path)-1], path[len(path)-1]
	switch t := lookup(root, parentPath).(type) {
	case obj:
		delete(t, last.(string))
		return true
	case []any:
		if len(path) < 2 {
			return false
		}
		i := last.(int)
		set(root, parentPath, append(append([]any{}, t[:i]...), t[i+1:]...))
		return true
	}
	return false
}

func set(root obj, path []any, v any) {
	switch t := lookup(root, path[:len(path)-1]).(type) {
	case obj:
		t[path[len(path)-1].(string)] = v
	case []any:
		t[path[len(path)-1].(int)] = v
	}
}

func deepCopy(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}
