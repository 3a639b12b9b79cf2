package main

import (
	"encoding/json"
	"regexp"
	"strings"
)

// knownClass is a disagreement already judged against the IAM User Guide;
// each shrunk case is checked against these before it is grouped by features.
type knownClass struct {
	name  string
	match func(c obj, js string) bool
}

var (
	ifExistsSetOp = regexp.MustCompile(`"For(Any|All)Values?:[A-Za-z]+IfExists"`)
	epochDate     = regexp.MustCompile(`Date[A-Za-z]*":\{"[^"]+":\[?"\d+"`)
	negatedVar    = regexp.MustCompile(`"(For(Any|All)Values?:)?(StringNot[A-Za-z]*|ArnNot[A-Za-z]*)":\{"[^"]+":\[?"[^"]*\$\{`)
	emptyList     = regexp.MustCompile(`"aws:[A-Za-z]+":\[\]`)
	shortARN      = regexp.MustCompile(`^arn:[^:]*:[^:]*(:[^:]*)?(:[^:]*)?$`)
)

var knownClasses = []knownClass{
	{"SCPs and a service principal: ssmkit exempts it (SCPs restrict IAM users and roles of member accounts), iam-simulate applies them",
		func(c obj, _ string) bool {
			_, scps := c["scps"]
			return scps && strings.HasSuffix(principalOf(c), ".amazonaws.com")
		}},
	{"the account root user: ssmkit gives it full access in its own account but KMS (reference_policies_evaluation-logic_policy-eval-denyallow.html), iam-simulate treats it as any principal",
		func(c obj, _ string) bool { return strings.HasSuffix(principalOf(c), ":root") }},
	{"a federated user session without a session policy: ssmkit gives it no permissions (STS API reference, GetFederationToken), iam-simulate its IAM user's",
		func(c obj, _ string) bool {
			_, sp := c["sessionPolicy"]
			return strings.Contains(principalOf(c), ":federated-user/") && !sp
		}},
	{"iam-simulate limits a grant to the session ARN (or \"*\") by the session policy; the docs say it is not limited (access_policies.html#policies_session)",
		func(c obj, _ string) bool {
			_, sp := c["sessionPolicy"]
			_, rp := c["resourcePolicy"]
			return sp && rp
		}},
	{"iam-simulate ignores IfExists after ForAnyValue/ForAllValues on a missing key (reference_policies_elements_condition_operators.html#Conditions_IfExists)",
		func(_ obj, js string) bool { return ifExistsSetOp.MatchString(js) }},
	{"iam-simulate resolves ${...} in a policy without Version 2012-10-17; the docs say they are literal text (reference_policies_variables.html)",
		func(c obj, _ string) bool { return unversionedVariables(c) }},
	{"iam-simulate lets a NotResource entry with a variable without value exclude the resource; the docs say it \"will not match any resource\" (reference_policies_variables.html#policy-vars-no-value)",
		func(_ obj, js string) bool {
			return strings.Contains(js, `"NotResource"`) && strings.Contains(js, "${")
		}},
	{"iam-simulate fails StringNot*/ArnNot* against a variable without value; the docs say inverted operators \"do match against a null value\" (reference_policies_variables.html#policy-vars-no-value)",
		func(_ obj, js string) bool { return negatedVar.MatchString(js) }},
	{"a Resource of fewer than six ARN fields (arn:aws:ec2:*): ssmkit applies the trailing-* rule everywhere, iam-simulate never matches one in an RCP nor lets one exclude in a NotResource",
		func(c obj, _ string) bool {
			return shortARNIn(c["rcps"], "Resource", "NotResource") || shortARNIn(c, "NotResource")
		}},
	{"iam-simulate does not match 0.0.0.0/0 in IpAddress/NotIpAddress",
		func(_ obj, js string) bool { return strings.Contains(js, `"0.0.0.0/0"`) }},
	{"an empty multivalued key ([]) under a plain operator: ssmkit treats it as absent (a null data set), iam-simulate as present",
		func(c obj, js string) bool { return emptyList.MatchString(js) }},
	{"IPv6 request address against IPv4-only IpAddress/NotIpAddress values (or the reverse)",
		func(_ obj, js string) bool {
			return strings.Contains(js, `IpAddress`) && strings.Contains(js, `"2001:db8::1"`)
		}},
	{"a Numeric value in exponent notation (1e3): ssmkit reads 1000, iam-simulate 1; the docs are silent",
		func(_ obj, js string) bool { return strings.Contains(js, `"1e3"`) }},
	{"iam-simulate compares epoch seconds in a Date condition with milliseconds (reference_policies_elements_condition_operators.html#Conditions_Date)",
		func(_ obj, js string) bool { return epochDate.MatchString(js) }},
}

// classify names the known class of a shrunk disagreement, or "".
func classify(c obj) string {
	b, _ := json.Marshal(c)
	for _, k := range knownClasses {
		if k.match(c, string(b)) {
			return k.name
		}
	}
	return ""
}

// policyFields are the case fields that hold policy documents.
var policyFields = []string{"identityPolicies", "permissionBoundaries", "sessionPolicy", "resourcePolicy", "scps", "rcps"}

// policies returns every policy document of a case.
func policies(c obj) []obj {
	var out []obj
	var add func(v any)
	add = func(v any) {
		switch t := v.(type) {
		case obj:
			out = append(out, t)
		case []any:
			for _, e := range t {
				add(e)
			}
		}
	}
	for _, k := range policyFields {
		add(c[k])
	}
	return out
}

func unversionedVariables(c obj) bool {
	for _, p := range policies(c) {
		b, _ := json.Marshal(p)
		if p["Version"] != "2012-10-17" && strings.Contains(string(b), "${") {
			return true
		}
	}
	return false
}

// shortARNIn reports whether v holds, under one of the element names, an ARN
// of fewer than six fields.
func shortARNIn(v any, elements ...string) bool {
	found := false
	var visit func(v any)
	visit = func(v any) {
		switch t := v.(type) {
		case obj:
			for k, e := range t {
				for _, el := range elements {
					if k == el {
						for _, r := range asList(e) {
							found = found || shortARN.MatchString(r)
						}
					}
				}
				visit(e)
			}
		case []any:
			for _, e := range t {
				visit(e)
			}
		}
	}
	visit(v)
	return found
}

func asList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func principalOf(c obj) string {
	req, _ := c["request"].(obj)
	p, _ := req["principal"].(string)
	return p
}
