package policy

import "testing"

// condAllows evaluates an Allow statement holding condition cond (a JSON
// object) for alice with the request context ctxJSON.
func condAllows(t *testing.T, cond, ctxJSON string) bool {
	t.Helper()
	doc := allowDoc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":` + cond + `}`)
	set := Set{Identity: []*Policy{mustParse(t, "p", KindIdentity, doc)}}
	req := Request{Principal: userARN, Action: "s3:GetObject", Resources: []Resource{{ARN: bucketARN}}, Context: ctx(t, ctxJSON)}
	return decide(t, req, set) == Allowed
}

// Operator semantics from
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
func TestConditionOperators(t *testing.T) {
	tests := []struct {
		name, cond, ctx string
		want            bool
	}{
		// String
		{"StringEquals match", `{"StringEquals":{"aws:PrincipalTag/team":"web"}}`, `{"aws:PrincipalTag/team":"web"}`, true},
		{"StringEquals is case-sensitive", `{"StringEquals":{"aws:PrincipalTag/team":"web"}}`, `{"aws:PrincipalTag/team":"Web"}`, false},
		{"StringEquals has no wildcards", `{"StringEquals":{"aws:PrincipalTag/team":"w*"}}`, `{"aws:PrincipalTag/team":"web"}`, false},
		{"StringEquals values are ORed", `{"StringEquals":{"aws:PrincipalTag/team":["db","web"]}}`, `{"aws:PrincipalTag/team":"web"}`, true},
		{"StringEquals missing key fails", `{"StringEquals":{"aws:PrincipalTag/team":"web"}}`, ``, false},
		{"condition key names are case-insensitive", `{"StringEquals":{"AWS:PRINCIPALTAG/TEAM":"web"}}`, `{"aws:PrincipalTag/team":"web"}`, true},
		{"operator names are case-insensitive", `{"stringequals":{"aws:PrincipalTag/team":"web"}}`, `{"aws:PrincipalTag/team":"web"}`, true},
		{"StringNotEquals NOR over values", `{"StringNotEquals":{"aws:PrincipalTag/team":["db","web"]}}`, `{"aws:PrincipalTag/team":"web"}`, false},
		{"StringNotEquals none equal", `{"StringNotEquals":{"aws:PrincipalTag/team":["db","ops"]}}`, `{"aws:PrincipalTag/team":"web"}`, true},
		{"StringNotEquals missing key is true", `{"StringNotEquals":{"aws:PrincipalTag/team":"web"}}`, ``, true},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"WEB"}}`, `{"aws:PrincipalTag/team":"web"}`, true},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"WEB"}}`, `{"aws:PrincipalTag/team":"web"}`, false},
		{"StringLike star", `{"StringLike":{"s3:prefix":"home/*"}}`, `{"s3:prefix":"home/alice/x"}`, true},
		{"StringLike question", `{"StringLike":{"s3:prefix":"v?"}}`, `{"s3:prefix":"v1"}`, true},
		{"StringLike is case-sensitive", `{"StringLike":{"s3:prefix":"Home/*"}}`, `{"s3:prefix":"home/x"}`, false},
		{"StringNotLike", `{"StringNotLike":{"s3:prefix":["tmp/*","log/*"]}}`, `{"s3:prefix":"home/x"}`, true},
		{"StringNotLike matching value", `{"StringNotLike":{"s3:prefix":["tmp/*","log/*"]}}`, `{"s3:prefix":"log/x"}`, false},
		{"StringLike with variable", `{"StringLike":{"s3:prefix":"${aws:username}/*"}}`, `{"s3:prefix":"alice/x"}`, true},
		// A variable without a value is "effectively null. There is no equal or like
		// value ... Inverted condition operators like StringNotEquals or StringNotLike
		// do match against a null value" (reference_policies_variables.html#policy-vars-no-value).
		// Cases found by scripts/iamdiff.
		{"StringEquals unresolved variable fails", `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/none}"}}`, `{"s3:prefix":""}`, false},
		{"StringEquals other values still match", `{"StringEquals":{"s3:prefix":["${aws:PrincipalTag/none}","x"]}}`, `{"s3:prefix":"x"}`, true},
		{"StringLike other values still match", `{"StringLike":{"s3:prefix":["${aws:PrincipalTag/none}/*","x*"]}}`, `{"s3:prefix":"xy"}`, true},
		{"StringNotEquals matches a null variable", `{"StringNotEquals":{"s3:prefix":"${aws:PrincipalTag/none}"}}`, `{"s3:prefix":"x"}`, true},
		{"StringNotEquals NOR with a null variable", `{"StringNotEquals":{"s3:prefix":["${aws:PrincipalTag/none}","x"]}}`, `{"s3:prefix":"x"}`, false},
		{"StringNotLike matches a null variable", `{"StringNotLike":{"s3:prefix":"${aws:PrincipalTag/none}*"}}`, `{"s3:prefix":"x"}`, true},
		{"ForAnyValue with a null variable among values", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["${aws:PrincipalTag/none}","env"]}}`, `{"aws:TagKeys":["env","team"]}`, true},
		// Numeric
		{"NumericEquals", `{"NumericEquals":{"s3:max-keys":"10"}}`, `{"s3:max-keys":"10"}`, true},
		{"NumericEquals JSON number", `{"NumericEquals":{"s3:max-keys":10}}`, `{"s3:max-keys":"10.0"}`, true},
		{"NumericNotEquals", `{"NumericNotEquals":{"s3:max-keys":["10","20"]}}`, `{"s3:max-keys":"20"}`, false},
		{"NumericLessThan", `{"NumericLessThan":{"s3:max-keys":"10"}}`, `{"s3:max-keys":"9"}`, true},
		{"NumericLessThan equal fails", `{"NumericLessThan":{"s3:max-keys":"10"}}`, `{"s3:max-keys":"10"}`, false},
		{"NumericLessThanEquals", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, `{"s3:max-keys":"10"}`, true},
		{"NumericGreaterThan", `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, `{"s3:max-keys":"10.5"}`, true},
		{"NumericGreaterThanEquals", `{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`, `{"s3:max-keys":"9"}`, false},
		{"Numeric unparsable request value", `{"NumericLessThan":{"s3:max-keys":"10"}}`, `{"s3:max-keys":"ten"}`, false},
		// Date
		{"DateLessThan ISO", `{"DateLessThan":{"aws:CurrentTime":"2026-12-31T23:59:59Z"}}`, `{"aws:CurrentTime":"2026-11-21T23:00:00Z"}`, true},
		{"DateGreaterThan ISO", `{"DateGreaterThan":{"aws:CurrentTime":"2026-12-31T23:59:59Z"}}`, `{"aws:CurrentTime":"2026-11-21T23:00:00Z"}`, false},
		{"Date epoch in policy", `{"DateGreaterThan":{"aws:CurrentTime":"1700000000"}}`, `{"aws:CurrentTime":"2026-11-21T23:00:00Z"}`, true},
		{"Date epoch in request", `{"DateLessThanEquals":{"aws:EpochTime":"2030-01-01"}}`, `{"aws:EpochTime":"1700000000"}`, true},
		{"DateEquals offsets", `{"DateEquals":{"aws:CurrentTime":"2026-11-21T23:00:00Z"}}`, `{"aws:CurrentTime":"2026-11-22T01:00:00+02:00"}`, true},
		{"DateNotEquals", `{"DateNotEquals":{"aws:CurrentTime":"2026-11-21T23:00:00Z"}}`, `{"aws:CurrentTime":"2026-11-21T23:00:01Z"}`, true},
		{"DateGreaterThanEquals", `{"DateGreaterThanEquals":{"aws:TokenIssueTime":"2026-11-21T23:00:00Z"}}`, `{"aws:TokenIssueTime":"2026-11-21T23:00:00Z"}`, true},
		// Bool, Binary
		{"Bool true", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`, `{"aws:MultiFactorAuthPresent":"true"}`, true},
		{"Bool JSON literal, case-insensitive", `{"Bool":{"aws:SecureTransport":true}}`, `{"aws:SecureTransport":"TRUE"}`, true},
		{"Bool false vs missing", `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`, ``, false},
		{"BoolIfExists missing", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, ``, true},
		{"BinaryEquals", `{"BinaryEquals":{"key":"QmluYXJ5VmFsdWU="}}`, `{"key":"QmluYXJ5VmFsdWU="}`, true},
		{"BinaryEquals differs", `{"BinaryEquals":{"key":"QmluYXJ5VmFsdWU="}}`, `{"key":"T3RoZXI="}`, false},
		// IP
		{"IpAddress v4 CIDR", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, `{"aws:SourceIp":"203.0.113.7"}`, true},
		{"IpAddress v4 outside", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, `{"aws:SourceIp":"198.51.100.7"}`, false},
		{"IpAddress single address", `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, `{"aws:SourceIp":"203.0.113.7"}`, true},
		{"IpAddress v6", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, `{"aws:SourceIp":"2001:db8:1234:5678::1"}`, true},
		{"IpAddress v6 outside", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, `{"aws:SourceIp":"2001:db8:1234:5679::1"}`, false},
		{"NotIpAddress", `{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}`, `{"aws:SourceIp":"198.51.100.7"}`, true},
		{"NotIpAddress inside one", `{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}`, `{"aws:SourceIp":"203.0.113.7"}`, false},
		{"NotIpAddress missing key is true", `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, ``, true},
		// Arn
		{"ArnLike", `{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:*:*:instance/*"}}`, `{"aws:SourceArn":"` + instARN + `"}`, true},
		{"ArnEquals takes wildcards too", `{"ArnEquals":{"aws:SourceArn":"arn:aws:ec2:*:*:instance/*"}}`, `{"aws:SourceArn":"` + instARN + `"}`, true},
		{"ArnLike segments", `{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:*:instance/*"}}`, `{"aws:SourceArn":"` + instARN + `"}`, false},
		{"ArnNotLike", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::*"}}`, `{"aws:SourceArn":"` + instARN + `"}`, true},
		{"ArnNotEquals equal", `{"ArnNotEquals":{"aws:SourceArn":"` + instARN + `"}}`, `{"aws:SourceArn":"` + instARN + `"}`, false},
		{"ArnLike non-ARN request value", `{"ArnLike":{"aws:SourceArn":"*"}}`, `{"aws:SourceArn":"not-an-arn"}`, false},
		// Null
		{"Null true, key absent", `{"Null":{"aws:TokenIssueTime":"true"}}`, ``, true},
		{"Null true, key present", `{"Null":{"aws:TokenIssueTime":"true"}}`, `{"aws:TokenIssueTime":"2026-11-21T23:00:00Z"}`, false},
		{"Null false, key present", `{"Null":{"aws:TokenIssueTime":false}}`, `{"aws:TokenIssueTime":"2026-11-21T23:00:00Z"}`, true},
		{"Null false, empty multivalued counts as absent", `{"Null":{"aws:TagKeys":"false"}}`, `{"aws:TagKeys":[]}`, false},
		// IfExists
		{"StringEqualsIfExists absent", `{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, ``, true},
		{"StringEqualsIfExists present mismatch", `{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}`, `{"ec2:InstanceType":"m5.large"}`, false},
		{"NumericLessThanIfExists absent", `{"NumericLessThanIfExists":{"s3:max-keys":"5"}}`, ``, true},
		{"IpAddressIfExists absent", `{"IpAddressIfExists":{"aws:SourceIp":"192.0.2.0/24"}}`, ``, true},
		// AND across operators and keys
		{"AND across keys", `{"StringEquals":{"aws:PrincipalTag/team":"web","aws:PrincipalTag/env":"prod"}}`, `{"aws:PrincipalTag/team":"web","aws:PrincipalTag/env":"dev"}`, false},
		{"AND across operators", `{"StringEquals":{"aws:PrincipalTag/team":"web"},"Bool":{"aws:SecureTransport":"true"}}`, `{"aws:PrincipalTag/team":"web","aws:SecureTransport":"true"}`, true},
		{"AND across operators, one fails", `{"StringEquals":{"aws:PrincipalTag/team":"web"},"Bool":{"aws:SecureTransport":"true"}}`, `{"aws:PrincipalTag/team":"web","aws:SecureTransport":"false"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := condAllows(t, tt.cond, tt.ctx); got != tt.want {
				t.Errorf("condition %s with context %s: allowed = %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}

// Set operators, from
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// and the DynamoDB example of reference_policies_multi-value-conditions.html.
func TestConditionSetOperators(t *testing.T) {
	tests := []struct {
		name, cond, ctx string
		want            bool
	}{
		{"ForAllValues subset", `{"ForAllValues:StringLike":{"dynamodb:requestedAttributes":["PostDateTime","Message","Tags"]}}`, `{"dynamodb:requestedAttributes":["PostDateTime","Message"]}`, true},
		{"ForAllValues one outside", `{"ForAllValues:StringLike":{"dynamodb:requestedAttributes":["PostDateTime","Message","Tags"]}}`, `{"dynamodb:requestedAttributes":["PostDateTime","UserName"]}`, false},
		{"ForAllValues missing key is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`, ``, true},
		{"ForAllValues empty set is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`, `{"aws:TagKeys":[]}`, true},
		{"ForAllValues on a single-valued key", `{"ForAllValues:StringEquals":{"aws:PrincipalTag/team":["web","db"]}}`, `{"aws:PrincipalTag/team":"web"}`, true},
		{"ForAnyValue overlap", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","owner"]}}`, `{"aws:TagKeys":["cost","owner"]}`, true},
		{"ForAnyValue disjoint", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","owner"]}}`, `{"aws:TagKeys":["cost"]}`, false},
		{"ForAnyValue missing key is false", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}}`, ``, false},
		{"ForAnyValue empty set is false", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}}`, `{"aws:TagKeys":[]}`, false},
		{"ForAnyValue IfExists missing is true", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["env"]}}`, ``, true},
		{"ForAllValues negated: none may be listed", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret","admin"]}}`, `{"aws:TagKeys":["env","owner"]}`, true},
		{"ForAllValues negated: one listed", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret","admin"]}}`, `{"aws:TagKeys":["env","admin"]}`, false},
		{"ForAnyValue negated: one unlisted", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}}`, `{"aws:TagKeys":["env","owner"]}`, true},
		{"ForAnyValue negated: all listed", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}}`, `{"aws:TagKeys":["env"]}`, false},
		{"plain operator on a multivalued key never matches", `{"StringEquals":{"aws:TagKeys":"env"}}`, `{"aws:TagKeys":["env"]}`, false},
		{"ForAnyValue numeric", `{"ForAnyValue:NumericGreaterThan":{"x:ports":"1024"}}`, `{"x:ports":["22","8080"]}`, true},
		{"ForAllValues numeric", `{"ForAllValues:NumericGreaterThan":{"x:ports":"1024"}}`, `{"x:ports":["22","8080"]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := condAllows(t, tt.cond, tt.ctx); got != tt.want {
				t.Errorf("condition %s with context %s: allowed = %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}

func TestConditionParseErrors(t *testing.T) {
	tests := []struct{ name, cond string }{
		{"unknown operator", `{"StringSortOf":{"k":"v"}}`},
		{"bad number", `{"NumericLessThan":{"k":"ten"}}`},
		{"bad date", `{"DateLessThan":{"k":"yesterday"}}`},
		{"bad CIDR", `{"IpAddress":{"k":"10.0.0.0/33"}}`},
		{"Null with IfExists", `{"NullIfExists":{"k":"true"}}`},
		{"Null non-boolean", `{"Null":{"k":"maybe"}}`},
		{"empty values", `{"StringEquals":{"k":[]}}`},
		{"object value", `{"StringEquals":{"k":{"a":"b"}}}`},
		{"block not object", `{"StringEquals":"k"}`},
		{"condition not object", `["StringEquals"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := allowDoc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":` + tt.cond + `}`)
			if _, err := Parse("p", KindIdentity, []byte(doc)); err == nil {
				t.Errorf("Parse accepted condition %s", tt.cond)
			}
		})
	}
}
