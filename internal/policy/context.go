package policy

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
)

// Value is the value of one request context key.
type Value struct {
	Values []string
	// Multi marks a multivalued key (a list in the request, even of one
	// element). Plain operators never match it: "Multivalued context keys
	// require a condition set operator"
	// (reference_policies_condition-single-vs-multi-valued-context-keys.html).
	Multi bool
}

// Context maps condition keys to values. Keys are stored lower-cased because
// key names are case-insensitive ("aws:CurrentTime is equivalent to
// AWS:currenttime", reference_policies_variables.html); use Set, not indexing.
type Context map[string]Value

// Set stores a single-valued key.
func (c Context) Set(key, value string) {
	c[strings.ToLower(key)] = Value{Values: []string{value}}
}

// SetMulti stores a multivalued key.
func (c Context) SetMulti(key string, values ...string) {
	c[strings.ToLower(key)] = Value{Values: append([]string(nil), values...), Multi: true}
}

// Add appends value to key; a key given twice becomes multivalued.
func (c Context) Add(key, value string) {
	k := strings.ToLower(key)
	v, ok := c[k]
	if !ok {
		c[k] = Value{Values: []string{value}}
		return
	}
	c[k] = Value{Values: append(v.Values, value), Multi: true}
}

// env answers key lookups for one resource of a request: the resource's own
// keys first, then the request's, then those derived from the principal.
type env struct {
	res, req   Context
	principal  *arn.Principal
	resAccount string // the resource ARN's account field, for aws:ResourceAccount
}

// get returns the values of key (lower-cased). An empty list counts as absent:
// ForAllValues "also returns true if there are no context keys in the request"
// and Null treats empty values as null (reference_policies_condition_examples-multi-valued-context-keys.html).
func (e *env) get(key string) (Value, bool) {
	if v, ok := e.res[key]; ok {
		return v, len(v.Values) > 0
	}
	if v, ok := e.req[key]; ok {
		return v, len(v.Values) > 0
	}
	if key == "aws:resourceaccount" && e.resAccount != "" {
		// "the requested resource owner's AWS account ID"
		// (reference_policies_condition-keys.html#condition-keys-resourceaccount):
		// the ARN names it; AWS-owned documents and S3 ARNs have none.
		return Value{Values: []string{e.resAccount}}, true
	}
	if e.principal == nil {
		return Value{}, false
	}
	if s, ok := derived(e.principal, key); ok {
		return Value{Values: []string{s}}, true
	}
	return Value{}, false
}

// variable resolves a policy variable (lower-cased key name); multivalued
// keys cannot be variables.
func (e *env) variable(key string) (string, bool) {
	v, ok := e.get(key)
	if !ok || v.Multi || len(v.Values) != 1 {
		return "", false
	}
	return v.Values[0], true
}
