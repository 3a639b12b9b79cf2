package policy

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// globReference is a plain dynamic-programming matcher used as the oracle.
func globReference(p pattern, s string) bool {
	rs := []rune(s)
	var toks []token
	for _, t := range p {
		if t.kind == tokLit {
			for _, r := range t.lit {
				toks = append(toks, token{kind: tokLit, lit: string(r)})
			}
			continue
		}
		toks = append(toks, t)
	}
	// m[i][j]: toks[:i] matches rs[:j]
	m := make([][]bool, len(toks)+1)
	for i := range m {
		m[i] = make([]bool, len(rs)+1)
	}
	m[0][0] = true
	for i := 1; i <= len(toks); i++ {
		t := toks[i-1]
		for j := 0; j <= len(rs); j++ {
			switch t.kind {
			case tokStar:
				m[i][j] = m[i-1][j] || (j > 0 && m[i][j-1])
			case tokQuest:
				m[i][j] = j > 0 && m[i-1][j-1]
			default:
				m[i][j] = j > 0 && m[i-1][j-1] && string(rs[j-1]) == t.lit
			}
		}
	}
	return m[len(toks)][len(rs)]
}

// FuzzGlob checks the matcher against the oracle and bounds its work by
// O(len(pattern) * len(s)): no exponential backtracking on any input.
func FuzzGlob(f *testing.F) {
	f.Add("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1")
	f.Add(strings.Repeat("a*", 30)+"b", strings.Repeat("a", 200))
	f.Add("*?*?*?", "ab")
	f.Add("é*ü", "éxxü")
	f.Fuzz(func(t *testing.T, pat, s string) {
		if !utf8.ValidString(pat) || !utf8.ValidString(s) {
			return
		}
		p := globPattern(pat)
		steps := 0
		got := p.matchCounting(s, false, &steps)
		if want := globReference(p, s); got != want {
			t.Fatalf("match(%q, %q) = %v, oracle says %v", pat, s, got, want)
		}
		if bound := (len(p) + 2) * (len(s) + 2) * 2; steps > bound {
			t.Fatalf("match(%q, %q) took %d steps, bound %d", pat, s, steps, bound)
		}
	})
}

// FuzzParse feeds arbitrary documents to the parser and evaluates whatever
// parses: neither may panic, and evaluation must reach one of the decisions.
func FuzzParse(f *testing.F) {
	f.Add([]byte(allowDoc(allowStart + "," + denyStart)))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"arn:aws:ssm:*:*:session/${aws:username}-*","Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["a*"]},"NumericLessThanIfExists":{"n":5},"Null":{"x":true}}}}`))
	f.Add([]byte(`{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"NotAction":"iam:*","NotResource":"*"}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		for _, kind := range []Kind{KindIdentity, KindResource} {
			p, err := Parse("fuzz", kind, doc)
			if err != nil {
				continue
			}
			set := Set{Identity: []*Policy{p}}
			if kind == KindResource {
				set = Set{Resource: p}
			}
			c := Context{}
			c.Set("aws:username", "alice")
			c.SetMulti("aws:TagKeys", "a", "b")
			res, err := Evaluate(Request{Principal: sessARN, Action: "ssm:StartSession", Resources: []Resource{{ARN: instARN}, {ARN: docARN}}, Context: c}, set)
			if err != nil {
				t.Fatalf("valid request rejected: %v", err)
			}
			switch res.Decision {
			case Allowed, ImplicitDeny, ExplicitDeny:
			default:
				t.Fatalf("unknown decision %q", res.Decision)
			}
		}
	})
}

// FuzzCondition evaluates one condition of any operator against any request
// value: parsing may refuse it, but nothing may panic.
func FuzzCondition(f *testing.F) {
	f.Add("StringLike", "s3:prefix", "home/${aws:username}/*", "home/alice/x")
	f.Add("ForAllValues:IpAddress", "aws:SourceIp", "10.0.0.0/8", "10.1.2.3")
	f.Add("DateLessThanIfExists", "aws:CurrentTime", "2030-01-01T00:00:00Z", "1700000000")
	f.Add("ArnNotLike", "aws:SourceArn", "arn:aws:*:*:*:*", "arn:aws:s3:::b")
	f.Add("NumericEquals", "n", "1e3", "1000")
	f.Fuzz(func(t *testing.T, op, key, value, reqValue string) {
		cond := map[string]any{op: map[string]any{key: []any{value}}}
		stmt := map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": cond}
		p, err := FromJSON("fuzz", KindIdentity, map[string]any{"Version": Version2012, "Statement": stmt})
		if err != nil {
			return
		}
		c := Context{}
		c.Set(key, reqValue)
		c.Set("aws:username", reqValue)
		if _, err := Evaluate(Request{Principal: userARN, Action: "s3:GetObject", Resources: []Resource{{ARN: bucketARN}}, Context: c}, Set{Identity: []*Policy{p}}); err != nil {
			t.Fatal(err)
		}
	})
}
