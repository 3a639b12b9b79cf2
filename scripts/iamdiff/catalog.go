package main

import "strings"

// The small world the generator draws from: two accounts, the principals
// the brief names (IAM user, role session, Identity Center session), the
// actions and resources Session Manager users meet, and context keys with
// value pools small enough that conditions often match.

const (
	acctA = "111122223333"
	acctB = "444455556666"
)

// principalSpec is a caller; name is what ${aws:username} or a session
// name in a resource would hold.
type principalSpec struct {
	arn, account, name string
	session            bool
}

func principals(acct string) []principalSpec {
	return []principalSpec{
		{arn: "arn:aws:iam::" + acct + ":user/alice", account: acct, name: "alice"},
		{arn: "arn:aws:iam::" + acct + ":user/dev/bob", account: acct, name: "bob"},
		{arn: "arn:aws:sts::" + acct + ":assumed-role/DevRole/alice", account: acct, name: "alice", session: true},
		{arn: "arn:aws:sts::" + acct + ":assumed-role/AWSReservedSSO_Prod_0123456789abcdef/testuser01", account: acct, name: "testuser01", session: true},
	}
}

// rarePrincipals are callers beyond the three the comparison is about, drawn
// now and then: an IAM role ARN, an STS federated user, the account root and
// a service principal (its account is the one it acts in).
func rarePrincipals(acct string) []principalSpec {
	return []principalSpec{
		{arn: "arn:aws:iam::" + acct + ":role/DevRole", account: acct, name: "DevRole"},
		{arn: "arn:aws:sts::" + acct + ":federated-user/carol", account: acct, name: "carol", session: true},
		{arn: "arn:aws:iam::" + acct + ":root", account: acct, name: "root"},
		{arn: "ssm.amazonaws.com", account: acct, name: "ssm"},
	}
}

// roleOf is the role ARN behind a session principal.
func roleOf(p principalSpec) string {
	switch {
	case strings.Contains(p.arn, ":role/"):
		return p.arn
	case strings.Contains(p.arn, "DevRole"):
		return "arn:aws:iam::" + p.account + ":role/DevRole"
	case strings.Contains(p.arn, "AWSReservedSSO"):
		return "arn:aws:iam::" + p.account + ":role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Prod_0123456789abcdef"
	}
	return ""
}

// target is an action with the resources it is asked on.
type target struct {
	action     string
	resources  []string // with ACCT, REGION and NAME placeholders
	withPolicy bool     // resource-based policies are usual for it (key, bucket, trust, secret)
	tagKeys    []string // resource-tag condition key prefixes the resource supports
	noAccount  bool     // the ARN has no account field: aws:ResourceAccount supplies it
}

var targets = []target{
	{action: "ssm:StartSession", resources: []string{
		"arn:aws:ec2:REGION:ACCT:instance/i-0123456789abcdef0",
		"arn:aws:ec2:REGION:ACCT:instance/i-0fedcba9876543210",
		"arn:aws:ssm:REGION:ACCT:managed-instance/mi-0123456789abcdef0",
		"arn:aws:ssm:REGION:ACCT:document/AWS-StartPortForwardingSession",
		"arn:aws:ssm:REGION:ACCT:document/SSM-SessionManagerRunShell",
	}, tagKeys: []string{"ssm:resourceTag/", "aws:ResourceTag/"}},
	{action: "ssm:TerminateSession", resources: []string{
		"arn:aws:ssm:REGION:ACCT:session/NAME-0a1b2c3d4e5f67890",
		"arn:aws:ssm:REGION:ACCT:session/mallory-0a1b2c3d4e5f67890",
	}},
	{action: "ssm:GetParameter", resources: []string{
		"arn:aws:ssm:REGION:ACCT:parameter/app/NAME/db",
		"arn:aws:ssm:REGION:ACCT:parameter/app/shared/db",
	}, tagKeys: []string{"aws:ResourceTag/"}},
	{action: "s3:GetObject", resources: []string{
		"arn:aws:s3:::bucket-ACCT/home/NAME/notes.txt",
		"arn:aws:s3:::bucket-ACCT/shared/readme.txt",
	}, withPolicy: true, noAccount: true},
	{action: "kms:Decrypt", resources: []string{
		"arn:aws:kms:REGION:ACCT:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	}, withPolicy: true, tagKeys: []string{"aws:ResourceTag/"}},
	{action: "kms:GenerateDataKey", resources: []string{
		"arn:aws:kms:REGION:ACCT:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	}, withPolicy: true, tagKeys: []string{"aws:ResourceTag/"}},
	{action: "sts:AssumeRole", resources: []string{
		"arn:aws:iam::ACCT:role/TargetRole",
	}, withPolicy: true, tagKeys: []string{"aws:ResourceTag/"}},
	{action: "secretsmanager:GetSecretValue", resources: []string{
		"arn:aws:secretsmanager:REGION:ACCT:secret:db-AbCdEf",
	}, withPolicy: true, tagKeys: []string{"aws:ResourceTag/"}},
	{action: "ec2:DescribeInstances", resources: []string{"*"}},
}

// keyType is how a context key's values compare.
type keyType uint8

const (
	tString keyType = iota
	tARN
	tNumeric
	tDate
	tBool
	tIP
)

// keySpec is a context key the generator may put in a request and in conditions.
type keySpec struct {
	name     string
	typ      keyType
	multi    bool     // multivalued: always a list in the request
	values   []string // request values
	policy   []string // extra policy values (CIDRs, wildcards, variables)
	derived  bool     // AWS derives it from the principal; never in the request
	resource bool     // a resource's key (tags)
}

var globalKeys = []keySpec{
	{name: "aws:SourceIp", typ: tIP, values: []string{"10.0.0.1", "10.1.2.3", "192.168.1.10", "203.0.113.5", "2001:db8::1"},
		policy: []string{"10.0.0.0/8", "10.0.0.0/16", "192.168.0.0/16", "203.0.113.0/24", "2001:db8::/32", "2001:db8::/64", "0.0.0.0/0", "10.1.2.3", "10.1.2.3/32"}},
	{name: "aws:CurrentTime", typ: tDate, values: []string{"2026-11-22T00:00:00Z", "2025-01-01T12:00:00Z"},
		policy: []string{"2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2025-01-01T12:00:00Z", "2026-11-22", "2026-11-22T01:00:00+01:00", "2025-01-01T12:00:00.000Z", "1767225600"}},
	{name: "aws:EpochTime", typ: tDate, values: []string{"1795305600", "1735732800"},
		policy: []string{"1767225600", "1795305600"}},
	{name: "aws:SecureTransport", typ: tBool, values: []string{"true", "false"}, policy: []string{"TRUE", "False"}},
	{name: "aws:MultiFactorAuthPresent", typ: tBool, values: []string{"true", "false"}},
	{name: "aws:MultiFactorAuthAge", typ: tNumeric, values: []string{"300", "3600", "86400", "3600.5"}, policy: []string{"3600", "600", "300", "3600.0", "1e3"}},
	{name: "aws:RequestedRegion", typ: tString, values: []string{"us-east-1", "eu-west-1"}, policy: []string{"us-*", "eu-west-?", "*-1", "US-EAST-1"}},
	{name: "aws:PrincipalTag/team", typ: tString, values: []string{"platform", "data", "Platform"}, policy: []string{"plat*"}},
	{name: "aws:PrincipalTag/project", typ: tString, values: []string{"Production", "staging"}},
	{name: "aws:PrincipalOrgID", typ: tString, values: []string{"o-abc123", "o-other"}},
	{name: "aws:SourceVpc", typ: tString, values: []string{"vpc-1111", "vpc-2222"}},
	{name: "aws:ViaAWSService", typ: tBool, values: []string{"true", "false"}},
	{name: "aws:TagKeys", typ: tString, multi: true, values: []string{"env", "team", "owner"}, policy: []string{"e*"}},
	{name: "aws:CalledVia", typ: tString, multi: true, values: []string{"cloudformation.amazonaws.com", "athena.amazonaws.com"}},
	{name: "aws:PrincipalArn", typ: tARN, derived: true, policy: []string{
		"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/DevRole",
		"arn:aws:iam::*:role/AWSReservedSSO_*", "arn:aws:iam::111122223333:*", "arn:aws:iam::444455556666:user/*"}},
	{name: "aws:PrincipalAccount", typ: tString, derived: true, policy: []string{acctA, acctB}},
	{name: "aws:PrincipalType", typ: tString, derived: true, policy: []string{"User", "AssumedRole"}},
	{name: "aws:username", typ: tString, derived: true, policy: []string{"alice", "bob", "testuser01"}},
	{name: "aws:userid", typ: tString, values: []string{"AROAEXAMPLEID:alice", "AROAEXAMPLEID:testuser01"}, policy: []string{"AROAEXAMPLEID:*", "*:alice"}},
}

// resourceTags are the tags a resource may carry, as KEY suffixes of the target's tag prefixes.
var resourceTags = []keySpec{
	{name: "env", typ: tString, values: []string{"prod", "dev", "Prod"}, policy: []string{"pro*"}, resource: true},
	{name: "ssmaccess", typ: tString, values: []string{"true", "false"}, resource: true},
	{name: "team", typ: tString, values: []string{"platform", "data"}, policy: []string{"${aws:PrincipalTag/team}"}, resource: true},
}

// stringVariables are policy variables the generator writes into resources and string conditions.
var stringVariables = []string{
	"${aws:username}", "${aws:PrincipalTag/team}", "${aws:userid}", "${aws:PrincipalAccount}",
	"${aws:username, 'nobody'}", "${aws:PrincipalTag/project}", "${aws:PrincipalTag/team, 'platform'}",
	"${*}", "${$}",
}
