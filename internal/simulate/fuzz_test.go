package simulate

import (
	"testing"

	"github.com/ssmkit/ssmkit/internal/decision"
	"github.com/ssmkit/ssmkit/internal/policy"
)

// FuzzCase feeds arbitrary batch lines through parsing and evaluation: every
// line must yield exactly one Decision with a known decision, never a panic.
func FuzzCase(f *testing.F) {
	f.Add([]byte(`{"id":"a","identityPolicies":[` + allow + `],"request":{"principal":"` + sso + `","action":"ssm:StartSession","resources":[{"arn":"` + inst + `","context":{"ssm:resourceTag/ssmaccess":"true"}},"` + doc + `"]}}`))
	f.Add([]byte(`{"id":1,"scps":[[{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}],[]],"request":{"principal":"arn:aws:iam::111122223333:user/bob","action":"s3:GetObject","resources":["*"],"context":{"k":["a",1,true]}}}`))
	f.Add([]byte(`{"identityPolicies":["{\"Statement\":[]}"],"request":{"principal":"` + sso + `","action":"kms:Decrypt","resources":["arn:aws:kms:us-east-1:111122223333:key/k"]}}`))
	f.Add([]byte(`{"request":null}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		d := evaluateLine(1, line)
		switch d.Decision {
		case string(policy.Allowed), string(policy.ImplicitDeny), string(policy.ExplicitDeny):
		case decision.NotEvaluated:
			if d.Message == "" {
				t.Fatal("error decision without a message")
			}
		default:
			t.Fatalf("unknown decision %q", d.Decision)
		}
	})
}
