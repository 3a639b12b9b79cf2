package policy

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// unwrapCLIOutput returns the policy document inside the JSON the AWS CLI
// prints for the commands people save policies with, so `aws kms
// get-key-policy ... > key.json` can be given as is. A policy document never
// has these top-level names (only Version, Id, Statement), so the match is
// unambiguous. ok is false when obj is not such output.
func unwrapCLIOutput(obj map[string]any) (doc any, from string, ok bool, err error) {
	if _, isPolicy := obj["Statement"]; isPolicy {
		return nil, "", false, nil
	}
	inner := func(m any, key string) (any, bool) {
		o, isObj := m.(map[string]any)
		if !isObj {
			return nil, false
		}
		v, has := o[key]
		return v, has
	}
	var raw any
	switch {
	case hasKey(obj, "PolicyDocument"): // iam get-role-policy, get-user-policy, get-group-policy
		raw, from = obj["PolicyDocument"], "PolicyDocument"
	case hasKey(obj, "PolicyVersion"): // iam get-policy-version
		raw, ok = inner(obj["PolicyVersion"], "Document")
		from = "PolicyVersion.Document"
		if !ok {
			return nil, "", false, nil
		}
	case hasKey(obj, "Policy"): // kms get-key-policy, s3api get-bucket-policy; organizations describe-policy
		raw, from = obj["Policy"], "Policy"
		if c, isContent := inner(raw, "Content"); isContent {
			raw, from = c, "Policy.Content"
		}
	case hasKey(obj, "InlinePolicy"): // sso-admin get-inline-policy-for-permission-set
		raw, from = obj["InlinePolicy"], "InlinePolicy"
	case hasKey(obj, "Role"): // iam get-role: the trust policy
		raw, ok = inner(obj["Role"], "AssumeRolePolicyDocument")
		from = "Role.AssumeRolePolicyDocument"
		if !ok {
			return nil, "", false, nil
		}
	default:
		return nil, "", false, nil
	}
	s, isString := raw.(string)
	if !isString {
		return raw, from, true, nil
	}
	if strings.HasPrefix(s, "%7B") || strings.HasPrefix(s, "%7b") {
		// The IAM API URL-encodes documents; the CLI decodes, SDK callers may not.
		if u, uerr := url.QueryUnescape(s); uerr == nil {
			s = u
		}
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, from, true, fmt.Errorf("%s: not valid JSON: %w", from, err)
	}
	return doc, from, true, nil
}

func hasKey(obj map[string]any, key string) bool {
	_, ok := obj[key]
	return ok
}
