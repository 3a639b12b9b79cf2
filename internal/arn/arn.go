// Package arn parses the ARNs STS and IAM hand back for a caller and says what kind
// of principal each one is: IAM user, assumed role, IAM Identity Center (SSO) role,
// federated user or account root.
package arn

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	awsarn "github.com/aws/aws-sdk-go-v2/aws/arn"
)

// PrincipalType names the kind of principal an ARN denotes.
type PrincipalType string

// The principal types ssm-whoami reports; Role is an IAM role ARN (not a caller).
const (
	IAMUser       PrincipalType = "iam-user"
	AssumedRole   PrincipalType = "assumed-role"
	SSO           PrincipalType = "sso"
	FederatedUser PrincipalType = "federated-user"
	Root          PrincipalType = "root"
	Role          PrincipalType = "role"
)

// Principal is a parsed caller or role ARN.
type Principal struct {
	ARN       string
	Partition string
	Service   string
	AccountID string
	Type      PrincipalType
	// Name is the user, role or federated-user name (empty for root).
	Name string
	// Path is the IAM path of a user or role ARN ("/" when none); STS ARNs carry none.
	Path string
	// RoleName is set for assumed roles, SSO sessions and role ARNs.
	RoleName string
	// SessionName is the role session name; for SSO, the Identity Center user name.
	SessionName string
	// PermissionSet is the Identity Center permission set behind an AWSReservedSSO role.
	PermissionSet string
}

var (
	partitionRE = regexp.MustCompile(`^aws(-[a-z]+)*$`)
	accountRE   = regexp.MustCompile(`^[0-9]{12}$`)
)

// Parse parses a principal ARN as returned by sts:GetCallerIdentity (or an IAM
// user/role ARN) and classifies it. Anything else is an error naming what is wrong.
func Parse(s string) (Principal, error) {
	a, err := awsarn.Parse(s)
	if err != nil {
		return Principal{}, fmt.Errorf("invalid ARN %q: want arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", s)
	}
	if !partitionRE.MatchString(a.Partition) {
		return Principal{}, fmt.Errorf("invalid ARN %q: unknown partition %q", s, a.Partition)
	}
	if !accountRE.MatchString(a.AccountID) {
		return Principal{}, fmt.Errorf("invalid ARN %q: account ID must be 12 digits", s)
	}
	p := Principal{ARN: s, Partition: a.Partition, Service: a.Service, AccountID: a.AccountID}
	switch a.Service {
	case "iam":
		err = parseIAM(&p, a.Resource)
	case "sts":
		err = parseSTS(&p, a.Resource)
	default:
		err = fmt.Errorf("service %q is neither iam nor sts", a.Service)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("invalid principal ARN %q: %w", s, err)
	}
	return p, nil
}

func parseIAM(p *Principal, resource string) error {
	if resource == "root" {
		p.Type = Root
		return nil
	}
	kind, rest, _ := strings.Cut(resource, "/")
	path, name, err := splitPath(rest)
	if err != nil {
		return err
	}
	p.Path, p.Name = path, name
	switch kind {
	case "user":
		p.Type = IAMUser
	case "role":
		p.Type = Role
		p.RoleName = name
		p.PermissionSet, _ = PermissionSet(name)
	default:
		return fmt.Errorf("iam resource %q is not root, user/… or role/…", resource)
	}
	return nil
}

func parseSTS(p *Principal, resource string) error {
	parts := strings.Split(resource, "/")
	switch {
	case parts[0] == "assumed-role" && len(parts) == 3 && parts[1] != "" && parts[2] != "":
		p.Name, p.RoleName, p.SessionName = parts[1], parts[1], parts[2]
		p.Type = AssumedRole
		if ps, ok := PermissionSet(parts[1]); ok {
			p.Type, p.PermissionSet = SSO, ps
		}
	case parts[0] == "federated-user" && len(parts) == 2 && parts[1] != "":
		p.Type, p.Name = FederatedUser, parts[1]
	default:
		return fmt.Errorf("sts resource %q is not assumed-role/ROLE/SESSION or federated-user/NAME", resource)
	}
	return nil
}

// splitPath splits "a/b/name" into the IAM path "/a/b/" and "name".
func splitPath(rest string) (path, name string, err error) {
	i := strings.LastIndex(rest, "/")
	name = rest[i+1:]
	if name == "" {
		return "", "", fmt.Errorf("missing name in %q", rest)
	}
	if i < 0 {
		return "/", name, nil
	}
	if slices.Contains(strings.Split(rest[:i], "/"), "") {
		return "", "", fmt.Errorf("empty path segment in %q", rest)
	}
	return "/" + rest[:i] + "/", name, nil
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
