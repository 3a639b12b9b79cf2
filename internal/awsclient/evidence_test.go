package awsclient

import (
	"strings"
	"testing"
)

func TestRedactRemovesSecretsInEveryShape(t *testing.T) {
	for _, in := range []string{
		`{"roleCredentials":{"accessKeyId":"ASIAX","secretAccessKey":"s3cr3t-planted","sessionToken":"tok-planted","expiration":1}}`,
		`{"Credentials":{"SecretAccessKey":"s3cr3t-planted","SessionToken":"tok-planted"}}`,
		`<AssumeRoleResult><Credentials><SecretAccessKey>s3cr3t-planted</SecretAccessKey><SessionToken>tok-planted</SessionToken></Credentials></AssumeRoleResult>`,
		`{"accessToken":"tok-planted","refreshToken":"s3cr3t-planted","clientSecret":"s3cr3t-planted"}`,
		`{"secretAccessKey" : "s3cr3t-\"planted\""}`,
	} {
		out := Redact(in)
		if strings.Contains(out, "planted") || !strings.Contains(out, Redacted) {
			t.Errorf("Redact(%s) = %s", in, out)
		}
	}
	if keep := `{"InstanceId":"i-0abc","State":"running"}`; Redact(keep) != keep {
		t.Errorf("Redact changed an answer with no secret: %s", Redact(keep))
	}
}

func TestExchangeKeyIgnoresIndentation(t *testing.T) {
	a := Exchange{Service: "EC2", Operation: "DescribeInstances", Region: "eu-west-1", Params: []byte(`{"InstanceIds":["i-1"]}`)}
	b := a
	b.Params = []byte("{\n  \"InstanceIds\": [\n    \"i-1\"\n  ]\n}")
	if a.Key() != b.Key() {
		t.Error("an indented bundle file must match the live call")
	}
	b.Region = "us-east-1"
	if a.Key() == b.Key() {
		t.Error("another region is another question")
	}
}
