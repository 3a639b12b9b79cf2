package policy

import (
	"strings"
	"testing"

	"github.com/ssmkit/ssmkit/internal/arn"
)

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		fold, want bool
	}{
		{"ssm:startsession", "ssm:startsession", false, true},
		{"ssm:*", "ssm:startsession", false, true},
		{"ssm:start*", "ssm:startsession", false, true},
		{"ssm:*session", "ssm:startsession", false, true},
		{"ssm:*session", "ssm:startsessions", false, false},
		{"ssm:?tartSession", "ssm:StartSession", true, true},
		{"ssm:StartSession", "SSM:STARTSESSION", true, true},
		{"ssm:StartSession", "SSM:STARTSESSION", false, false},
		{"*", "", false, true},
		{"?", "", false, false},
		{"a*b*c", "aXbYc", false, true},
		{"a*b*c", "aXbY", false, false},
		{"*a", "bbbba", false, true},
		{"é?", "éü", false, true},
		{"", "", false, true},
		{"", "x", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"~"+tt.s, func(t *testing.T) {
			if got := globPattern(tt.pattern).match(tt.s, tt.fold); got != tt.want {
				t.Errorf("match(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
			}
		})
	}
}

// A pattern of many stars against a long near-miss must not backtrack
// exponentially; the test finishing at all is the assertion (no timing).
func TestGlobPathologicalPatternsFinish(t *testing.T) {
	p := globPattern(strings.Repeat("a*", 200) + "b")
	if p.match(strings.Repeat("a", 5000), false) {
		t.Fatal("pattern ending in b matched a string without b")
	}
}

func TestARNPatternMatch(t *testing.T) {
	c := Context{}
	c.Set("aws:username", "alice")
	lookup := &env{req: c}
	tests := []struct {
		name, pattern, arn string
		want               bool
	}{
		{"star matches all", "*", instARN, true},
		{"exact", instARN, instARN, true},
		{"instance wildcard", "arn:aws:ec2:*:*:instance/*", instARN, true},
		{"region star stays in its segment", "arn:aws:ec2:*:instance/*", instARN, false},
		{"resource case-sensitive", "arn:aws:ec2:*:*:Instance/*", instARN, false},
		{"service case-sensitive", "arn:aws:EC2:*:*:instance/*", instARN, false},
		{"trailing star spans segments", "arn:aws:ec2:*", instARN, true},
		{"short pattern without star", "arn:aws:ec2", instARN, false},
		{"aws-owned document, empty account", "arn:aws:ssm:*::document/AWS-StartPortForwardingSession", docARN, true},
		{"account star matches empty", "arn:aws:ssm:*:*:document/AWS-StartPortForwardingSession", docARN, true},
		{"document name mismatch", "arn:aws:ssm:*:*:document/AWS-StartSSHSession", docARN, false},
		{"variable", "arn:aws:ssm:*:*:session/${aws:username}-*", "arn:aws:ssm:us-east-1:111122223333:session/alice-0a1b2c", true},
		{"variable other user", "arn:aws:ssm:*:*:session/${aws:username}-*", "arn:aws:ssm:us-east-1:111122223333:session/bob-0a1b2c", false},
		{"question mark", "arn:aws:s3:::amzn-s3-demo-bucke?", bucketARN, true},
		{"star in resource crosses slash", "arn:aws:s3:::amzn-*", bucketARN + "/a/b/c", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newARNPattern(tt.pattern, true)
			a, err := arn.Parse(tt.arn)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := p.matchARN(tt.arn, &a, lookup)
			if got != tt.want {
				t.Errorf("%s vs %s = %v, want %v", tt.pattern, tt.arn, got, tt.want)
			}
		})
	}
}

func TestTemplateVariables(t *testing.T) {
	c := Context{}
	c.Set("aws:username", "alice")
	c.Set("aws:PrincipalTag/team", "a*b")
	lookup := &env{req: c}
	tests := []struct {
		name, raw, s string
		vars, want   bool
	}{
		{"resolved", "home/${aws:username}/*", "home/alice/x", true, true},
		{"key name case-insensitive", "home/${AWS:UserName}/*", "home/alice/x", true, true},
		{"2008 keeps text", "home/${aws:username}/*", "home/${aws:username}/x", false, true},
		{"2008 does not resolve", "home/${aws:username}/*", "home/alice/x", false, false},
		{"default used", "${aws:userid, 'anonymous'}", "anonymous", true, true},
		{"special star is literal", "a${*}", "a*", true, true},
		{"special star is not wildcard", "a${*}", "abc", true, false},
		{"special question", "a${?}", "a?", true, true},
		{"special dollar", "${$}5", "$5", true, true},
		{"substituted value is literal", "${aws:PrincipalTag/team}", "a*b", true, true},
		{"substituted star does not wildcard", "${aws:PrincipalTag/team}", "aXXb", true, false},
		{"unterminated is text", "${aws:username", "${aws:username", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp := newTemplate(tt.raw, tt.vars, true)
			p, _, ok := tp.expand(lookup)
			got := ok && p.match(tt.s, false)
			if got != tt.want {
				t.Errorf("%q vs %q = %v, want %v", tt.raw, tt.s, got, tt.want)
			}
		})
	}
	t.Run("unresolved names the key", func(t *testing.T) {
		tp := newTemplate("x/${aws:PrincipalTag/Missing}", true, true)
		_, miss, ok := tp.expand(lookup)
		if ok || miss != "aws:PrincipalTag/Missing" {
			t.Errorf("expand = ok %v, missing %q; want false, aws:PrincipalTag/Missing", ok, miss)
		}
	})
}

// Action names match case-insensitively, wildcards within and across the
// service prefix included.
func TestMatchesAction(t *testing.T) {
	tests := []struct {
		actions, action string
		want            bool
	}{
		{`["ec2:Describe*","ssm:Get*"]`, "SSM:GetParameter", true},
		{`["ec2:Describe*","ssm:Get*"]`, "s3:GetObject", false},
		{`["s*:Get*"]`, "ssm:GetParameter", true},
		{`"*"`, "kms:Decrypt", true},
		{`"ssm:*"`, "ssmmessages:OpenDataChannel", false},
	}
	for _, tt := range tests {
		p := mustParse(t, "p", KindIdentity, allowDoc(`{"Effect":"Allow","Action":`+tt.actions+`,"Resource":"*"}`))
		if got := p.Statements[0].matchesAction(tt.action); got != tt.want {
			t.Errorf("Action %s vs %s = %v, want %v", tt.actions, tt.action, got, tt.want)
		}
	}
}
