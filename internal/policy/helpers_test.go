package policy

import (
	"encoding/json"
	"testing"
)

const (
	acct      = "111122223333"
	otherAcct = "444455556666"
	userARN   = "arn:aws:iam::111122223333:user/alice"
	roleARN   = "arn:aws:iam::111122223333:role/Dev"
	sessARN   = "arn:aws:sts::111122223333:assumed-role/Dev/alice"
	ssoARN    = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ProductionPermissionSet_0123456789abcdef/testuser01"
	instARN   = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"
	docARN    = "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession"
	keyARN    = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	bucketARN = "arn:aws:s3:::amzn-s3-demo-bucket"
)

func mustParse(t testing.TB, name string, kind Kind, doc string) *Policy {
	t.Helper()
	p, err := Parse(name, kind, []byte(doc))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return p
}

// allowDoc wraps statements (JSON objects) into a 2012-10-17 policy.
func allowDoc(statements string) string {
	return `{"Version":"2012-10-17","Statement":[` + statements + `]}`
}

// ctx builds a Context from a JSON object of string or array values.
func ctx(t testing.TB, js string) Context {
	t.Helper()
	c := Context{}
	if js == "" {
		return c
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatalf("context %s: %v", js, err)
	}
	for k, v := range m {
		switch x := v.(type) {
		case string:
			c.Set(k, x)
		case []any:
			var vals []string
			for _, e := range x {
				vals = append(vals, e.(string))
			}
			c.SetMulti(k, vals...)
		}
	}
	return c
}

func decide(t testing.TB, req Request, set Set) Decision {
	t.Helper()
	res, err := Evaluate(req, set)
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	return res.Decision
}
