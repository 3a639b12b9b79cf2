package policy

import (
	"strings"
	"testing"
)

// Grammar from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
func TestParseAcceptsGrammarVariants(t *testing.T) {
	tests := []struct {
		name, doc string
		kind      Kind
		stmts     int
	}{
		{"statement as object", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*"}}`, KindIdentity, 1},
		{"statement as array", allowDoc(allowStart + "," + denyStart), KindIdentity, 2},
		{"action and resource as arrays", allowDoc(`{"Effect":"Allow","Action":["ssm:StartSession","ssm:TerminateSession"],"Resource":["*"]}`), KindIdentity, 1},
		{"Version 2008", `{"Version":"2008-10-17","Statement":[` + allowStart + `]}`, KindIdentity, 1},
		{"no Version", `{"Statement":[` + allowStart + `]}`, KindIdentity, 1},
		{"Id", `{"Version":"2012-10-17","Id":"k1","Statement":[` + allowStart + `]}`, KindIdentity, 1},
		{"principal star", allowDoc(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`), KindResource, 1},
		{"principal kinds", allowDoc(`{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:root"],"Service":"ssm.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df9"},"Action":"s3:GetObject","Resource":"*"}`), KindResource, 1},
		{"AWS principal forms", allowDoc(`{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/path/R","arn:aws:sts::111122223333:assumed-role/R/s","arn:aws:iam::111122223333:user/u","AROADBQP57FF2AEXAMPLE"]},"Action":"s3:GetObject","Resource":"*"}`), KindResource, 1},
		{"NotPrincipal", allowDoc(`{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`), KindResource, 1},
		{"RCP with Principal star", allowDoc(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}`), KindRCP, 1},
		{"empty statement list", `{"Version":"2012-10-17","Statement":[]}`, KindIdentity, 0},
		{"byte-order mark", "\ufeff" + allowDoc(allowStart), KindIdentity, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p", tt.kind, []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Statements) != tt.stmts {
				t.Errorf("statements = %d, want %d", len(p.Statements), tt.stmts)
			}
		})
	}
}

func TestParseRejectsInvalidPolicies(t *testing.T) {
	tests := []struct {
		name, doc string
		kind      Kind
		wantErr   string
	}{
		{"not JSON", `{"Version":`, KindIdentity, "not valid JSON"},
		{"trailing data", allowDoc(allowStart) + ` {}`, KindIdentity, "after the JSON document"},
		{"array document", `[]`, KindIdentity, "JSON object"},
		{"bad version", `{"Version":"2012-10-18","Statement":[]}`, KindIdentity, "Version"},
		{"missing statement", `{"Version":"2012-10-17"}`, KindIdentity, "missing Statement"},
		{"unknown top element", `{"Version":"2012-10-17","Statements":[]}`, KindIdentity, `unknown element "Statements"`},
		{"unknown statement element", allowDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Resources":"*"}`), KindIdentity, `unknown element "Resources"`},
		{"lower-case effect", allowDoc(`{"Effect":"allow","Action":"s3:*","Resource":"*"}`), KindIdentity, "Effect"},
		{"missing effect", allowDoc(`{"Action":"s3:*","Resource":"*"}`), KindIdentity, "missing Effect"},
		{"missing action", allowDoc(`{"Effect":"Allow","Resource":"*"}`), KindIdentity, "missing Action"},
		{"action and NotAction", allowDoc(`{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}`), KindIdentity, "both Action and NotAction"},
		{"action without service", allowDoc(`{"Effect":"Allow","Action":"GetObject","Resource":"*"}`), KindIdentity, "service:action"},
		{"missing resource", allowDoc(`{"Effect":"Allow","Action":"s3:*"}`), KindIdentity, "missing Resource"},
		{"empty action list", allowDoc(`{"Effect":"Allow","Action":[],"Resource":"*"}`), KindIdentity, "empty array"},
		{"number in action list", allowDoc(`{"Effect":"Allow","Action":[1],"Resource":"*"}`), KindIdentity, "only strings"},
		{"principal in identity policy", allowDoc(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), KindIdentity, "belong in resource-based policies only"},
		{"principal in SCP", allowDoc(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), KindSCP, "belong in resource-based policies only"},
		{"resource policy without principal", allowDoc(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`), KindResource, "needs Principal"},
		{"principal string not star", allowDoc(`{"Effect":"Allow","Principal":"111122223333","Action":"s3:*","Resource":"*"}`), KindResource, "Principal"},
		{"unknown principal type", allowDoc(`{"Effect":"Allow","Principal":{"IAM":"x"},"Action":"s3:*","Resource":"*"}`), KindResource, "unknown principal type"},
		// reference_policies_elements_principal.html: no wildcards inside a principal ARN.
		{"AWS principal is a bare name", allowDoc(`{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"s3:*","Resource":"*"}`), KindResource, `Principal.AWS "bob"`},
		{"AWS principal with a wildcard", allowDoc(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/*"},"Action":"s3:*","Resource":"*"}`), KindResource, "no wildcards"},
		{"AWS principal of another service", allowDoc(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:s3:::bucket"},"Action":"s3:*","Resource":"*"}`), KindResource, "IAM or STS ARN"},
		{"RCP principal not star", allowDoc(`{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`), KindRCP, "must be \"*\""},
		{"duplicate Sid", allowDoc(allowStart + "," + allowStart), KindIdentity, "duplicate Sid"},
		{"statement not object", allowDoc(`"x"`), KindIdentity, "JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("my.json", tt.kind, []byte(tt.doc))
			if err == nil {
				t.Fatal("Parse accepted an invalid policy")
			}
			if !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "my.json") {
				t.Errorf("error %q should name the policy and contain %q", err, tt.wantErr)
			}
		})
	}
}

// Without Version 2012-10-17, ${aws:username} is plain text
// (reference_policies_variables.html).
func TestVersionDecidesVariables(t *testing.T) {
	stmt := `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:username}/*"}`
	req := Request{Principal: userARN, Action: "s3:GetObject", Resources: []Resource{{ARN: "arn:aws:s3:::bucket/alice/x"}}}
	for _, tt := range []struct {
		version string
		want    Decision
	}{{"2012-10-17", Allowed}, {"2008-10-17", ImplicitDeny}} {
		t.Run(tt.version, func(t *testing.T) {
			p := mustParse(t, "p", KindIdentity, `{"Version":"`+tt.version+`","Statement":[`+stmt+`]}`)
			if got := decide(t, req, Set{Identity: []*Policy{p}}); got != tt.want {
				t.Errorf("decision = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestStatementAccessors(t *testing.T) {
	p := mustParse(t, "p", KindIdentity, allowDoc(`{"Effect":"Allow","NotAction":["iam:*","SSO:*"],"Resource":["arn:aws:ec2:*:*:instance/*","*"],"Condition":{"Bool":{"aws:SecureTransport":"true"}}}`))
	s := &p.Statements[0]
	acts, notAct := s.Actions()
	res, notRes := s.Resources()
	if !notAct || notRes || len(s.Conditions()) != 1 {
		t.Errorf("NotAction = %v, NotResource = %v, conditions = %d", notAct, notRes, len(s.Conditions()))
	}
	if got := strings.Join(acts, ",") + " " + strings.Join(res, ","); got != "iam:*,SSO:* arn:aws:ec2:*:*:instance/*,*" {
		t.Errorf("entries as written = %q", got)
	}
}

// A policy with several mistakes always reports the same one (the first by
// element name), so reruns and diffs of batch output are stable.
func TestParseErrorsAreDeterministic(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Zeta":1,"Actions":"s3:*","Resource":"*","Principal":{"Foo":"x","Bar":"y"}}}`
	for i := 0; i < 20; i++ {
		_, err := Parse("p", KindResource, []byte(doc))
		if err == nil || !strings.Contains(err.Error(), `unknown element "Actions"`) {
			t.Fatalf("run %d: %v, want the unknown element Actions every time", i, err)
		}
	}
}
