package arn

import (
	"fmt"
	"strings"
)

// PrincipalType names the kind of principal; the values are what ssm-whoami
// reports as principalType.
type PrincipalType string

// The principal types. AssumedRole and SSO are both role sessions; Role is
// an IAM role ARN (a policy's caller in ssm-canconnect simulate, never what
// STS reports); ServicePrincipal is an AWS service such as ssm.amazonaws.com.
const (
	IAMUser          PrincipalType = "iam-user"
	AssumedRole      PrincipalType = "assumed-role"
	SSO              PrincipalType = "sso"
	FederatedUser    PrincipalType = "federated-user"
	Root             PrincipalType = "root"
	Role             PrincipalType = "role"
	ServicePrincipal PrincipalType = "service"
)

// Principal is a parsed principal: a caller ARN, an IAM user or role ARN,
// or a service principal name.
type Principal struct {
	// ARN is the principal as given (the service name for a service principal).
	ARN       string
	Partition string
	Service   string // "iam" or "sts"; empty for a service principal
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

// ParsePrincipal parses a principal as AWS names it: an IAM user, role or
// root ARN, an STS assumed-role or federated-user ARN (what
// sts:GetCallerIdentity answers), or a service principal such as
// ssm.amazonaws.com. Anything else is an error naming what is wrong
// (reference_policies_identifiers.html#identifiers-arns).
func ParsePrincipal(s string) (Principal, error) {
	if !strings.HasPrefix(s, "arn:") {
		if IsServicePrincipal(s) {
			return Principal{ARN: s, Type: ServicePrincipal}, nil
		}
		return Principal{}, fmt.Errorf("principal %q is neither an IAM/STS ARN nor a service principal such as ssm.amazonaws.com", s)
	}
	a, err := Parse(s)
	if err != nil {
		return Principal{}, fmt.Errorf("invalid principal ARN %q: want arn:PARTITION:iam::ACCOUNT:user/NAME, role/NAME or root, or arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION or federated-user/NAME", s)
	}
	switch {
	case !IsPartition(a.Partition):
		return Principal{}, fmt.Errorf("invalid principal ARN %q: unknown partition %q", s, a.Partition)
	case !IsAccountID(a.Account):
		return Principal{}, fmt.Errorf("invalid principal ARN %q: the account ID must be 12 digits", s)
	case a.Region != "":
		return Principal{}, fmt.Errorf("invalid principal ARN %q: IAM and STS principal ARNs have no region", s)
	}
	p := Principal{ARN: s, Partition: a.Partition, Service: a.Service, AccountID: a.Account}
	switch a.Service {
	case "iam":
		err = p.parseIAM(a.Resource)
	case "sts":
		err = p.parseSTS(a.Resource)
	default:
		err = fmt.Errorf("service %q is neither iam nor sts", a.Service)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("invalid principal ARN %q: %w", s, err)
	}
	return p, nil
}

// IsServicePrincipal reports whether s names an AWS service principal, such
// as ssm.amazonaws.com.
func IsServicePrincipal(s string) bool {
	return strings.HasSuffix(s, ".amazonaws.com") && len(s) > len(".amazonaws.com") && !strings.ContainsAny(s, " :/*")
}

func (p *Principal) parseIAM(resource string) error {
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

func (p *Principal) parseSTS(resource string) error {
	kind, rest, _ := strings.Cut(resource, "/")
	role, session, twoParts := strings.Cut(rest, "/")
	switch {
	case kind == "assumed-role" && twoParts && role != "" && session != "" && !strings.Contains(session, "/"):
		p.Name, p.RoleName, p.SessionName = role, role, session
		p.Type = AssumedRole
		if ps, ok := PermissionSet(role); ok {
			p.Type, p.PermissionSet = SSO, ps
		}
	case kind == "federated-user" && rest != "" && !twoParts:
		p.Type, p.Name = FederatedUser, rest
	default:
		return fmt.Errorf("sts resource %q is not assumed-role/ROLE/SESSION or federated-user/NAME", resource)
	}
	return nil
}

// splitPath splits "a/b/name" into the IAM path "/a/b/" and "name".
func splitPath(rest string) (path, name string, err error) {
	i := strings.LastIndexByte(rest, '/')
	name = rest[i+1:]
	if name == "" {
		return "", "", fmt.Errorf("missing name in %q", rest)
	}
	if i < 0 {
		return "/", name, nil
	}
	if dir := rest[:i]; dir == "" || dir[0] == '/' || dir[len(dir)-1] == '/' || strings.Contains(dir, "//") {
		return "", "", fmt.Errorf("empty path segment in %q", rest)
	}
	return "/" + rest[:i] + "/", name, nil
}

// IsRoleSession reports whether the principal is a role session (SSO included).
func (p Principal) IsRoleSession() bool { return p.Type == AssumedRole || p.Type == SSO }

// IsSession reports whether the principal is a temporary session: a role
// session or a federated user.
func (p Principal) IsSession() bool { return p.IsRoleSession() || p.Type == FederatedUser }

// IsServiceLinkedRole reports whether the principal is a service-linked role
// or one of its sessions (path /aws-service-role/, names AWSServiceRoleFor...).
func (p Principal) IsServiceLinkedRole() bool {
	switch {
	case p.IsRoleSession():
		return strings.HasPrefix(p.RoleName, "AWSServiceRoleFor")
	case p.Type == Role:
		return strings.HasPrefix(p.RoleName, "AWSServiceRoleFor") || strings.HasPrefix(p.Path, "/aws-service-role/")
	}
	return false
}
