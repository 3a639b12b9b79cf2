// Package arn parses Amazon Resource Names and the principals that make AWS
// requests, for every package that needs them: the policy evaluator (request
// principals, resource ARNs, Principal elements), ssm-whoami (the caller STS
// reports) and ssm-profiles (role_arn). It holds AWS's rules in one place:
// which ARNs name a principal, what kind each is, and IAM Identity Center's
// AWSReservedSSO_ role names.
package arn

import (
	"fmt"
	"strings"
)

// segments is the number of colon-separated parts of an ARN:
// arn:partition:service:region:account:resource (the resource may hold colons).
const segments = 6

// ARN is a parsed Amazon Resource Name.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// Parse splits s into its six parts, as any resource ARN: AWS-owned
// resources such as arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession
// have an empty account, S3 buckets an empty region and account.
func Parse(s string) (ARN, error) {
	var parts [segments]string
	rest := s
	for i := 0; i < segments-1; i++ {
		j := indexColon(rest)
		if j < 0 {
			return ARN{}, notAnARN(s)
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	parts[segments-1] = rest
	if parts[0] != "arn" || parts[1] == "" || parts[2] == "" || parts[5] == "" {
		return ARN{}, notAnARN(s)
	}
	return ARN{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}, nil
}

func notAnARN(s string) error {
	return fmt.Errorf("%q is not an ARN (want arn:partition:service:region:account:resource)", s)
}

func indexColon(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}

// String renders the ARN.
func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// IsAccountID reports whether s has the form of an AWS account ID: 12 digits.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsPartition reports whether s is an AWS partition name: aws, aws-cn,
// aws-us-gov, aws-iso-b, ... ("aws", then lower-case words after dashes).
func IsPartition(s string) bool {
	if !strings.HasPrefix(s, "aws") {
		return false
	}
	for i := len("aws"); i < len(s); {
		if s[i] != '-' {
			return false
		}
		i++
		start := i
		for i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
			i++
		}
		if i == start {
			return false
		}
	}
	return true
}
