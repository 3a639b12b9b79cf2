package policy

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// Policies saved straight from the AWS CLI parse as the document inside.
func TestParseAcceptsAWSCLIOutput(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":{"Sid":"Use","Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}}`
	quoted := strconv.Quote(doc)
	tests := []struct{ name, output string }{
		{"iam get-role-policy", `{"RoleName":"R","PolicyName":"p","PolicyDocument":` + doc + `}`},
		{"iam get-role-policy, URL-encoded as the API returns it", `{"PolicyName":"p","PolicyDocument":"` + url.QueryEscape(doc) + `"}`},
		{"iam get-policy-version", `{"PolicyVersion":{"Document":` + doc + `,"VersionId":"v3","IsDefaultVersion":true}}`},
		{"kms get-key-policy", `{"Policy":` + quoted + `,"PolicyName":"default"}`},
		{"s3api get-bucket-policy", `{"Policy":` + quoted + `}`},
		{"organizations describe-policy", `{"Policy":{"PolicySummary":{"Name":"scp"},"Content":` + quoted + `}}`},
		{"sso-admin get-inline-policy-for-permission-set", `{"InlinePolicy":` + quoted + `}`},
		{"iam get-role (trust policy)", `{"Role":{"RoleName":"R","AssumeRolePolicyDocument":` + doc + `}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("out.json", KindIdentity, []byte(tt.output))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Statements) != 1 || p.Statements[0].Sid != "Use" {
				t.Errorf("statements = %+v, want the one inside", p.Statements)
			}
		})
	}
	t.Run("bad JSON inside names the field", func(t *testing.T) {
		_, err := Parse("out.json", KindIdentity, []byte(`{"Policy":"{not json"}`))
		if err == nil || !strings.Contains(err.Error(), "policy out.json: Policy: not valid JSON") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("other objects are still not policies", func(t *testing.T) {
		_, err := Parse("out.json", KindIdentity, []byte(`{"Credentials":{"SecretAccessKey":"x"}}`))
		if err == nil || strings.Contains(err.Error(), "SecretAccessKey") || strings.Contains(err.Error(), `"x"`) {
			t.Errorf("err = %v, want an error that quotes no value", err)
		}
	})
}
