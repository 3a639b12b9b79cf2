package policy

import (
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
)

// PrincipalKind classifies the principal that makes a request.
type PrincipalKind string

// The kinds of principal a request can come from.
const (
	PrincipalUnknown       PrincipalKind = ""              // not given: identity policies only
	PrincipalUser          PrincipalKind = "User"          // arn:aws:iam::A:user/path/name
	PrincipalRole          PrincipalKind = "Role"          // arn:aws:iam::A:role/path/name
	PrincipalAssumedRole   PrincipalKind = "AssumedRole"   // arn:aws:sts::A:assumed-role/name/session (SSO included)
	PrincipalFederatedUser PrincipalKind = "FederatedUser" // arn:aws:sts::A:federated-user/name
	PrincipalRoot          PrincipalKind = "Account"       // arn:aws:iam::A:root
	PrincipalService       PrincipalKind = "Service"       // ssm.amazonaws.com
)

// Principal is a parsed request principal.
type Principal struct {
	Raw       string
	Kind      PrincipalKind
	Partition string
	Account   string
	Name      string // user, role or federated user name (no path)
	Session   string // role session name
}

// RoleARN is the role of a role session (its path is unknown: session ARNs
// do not carry it), or the role itself.
func (p Principal) RoleARN() string {
	switch p.Kind {
	case PrincipalRole:
		return p.Raw
	case PrincipalAssumedRole:
		return "arn:" + p.Partition + ":iam::" + p.Account + ":role/" + p.Name
	}
	return ""
}

// ParsePrincipal classifies a principal ARN or service principal name.
func ParsePrincipal(s string) (Principal, error) {
	p := Principal{Raw: s}
	if s == "" {
		return p, nil
	}
	if !strings.HasPrefix(s, "arn:") {
		if strings.HasSuffix(s, ".amazonaws.com") && !strings.ContainsAny(s, " :/*") {
			p.Kind = PrincipalService
			return p, nil
		}
		return p, fmt.Errorf("principal %q is neither an IAM/STS ARN nor a service principal such as ssm.amazonaws.com", s)
	}
	a, err := ParseARN(s)
	if err != nil {
		return p, fmt.Errorf("principal: %w", err)
	}
	p.Partition, p.Account = a.Partition, a.Account
	if !arn.IsAccountID(a.Account) {
		return p, fmt.Errorf("principal %q: the account must be 12 digits", s)
	}
	typ, rest, _ := strings.Cut(a.Resource, "/")
	switch {
	case a.Service == "iam" && a.Resource == "root":
		p.Kind = PrincipalRoot
	case a.Service == "iam" && typ == "user" && rest != "":
		p.Kind, p.Name = PrincipalUser, lastPathElement(rest)
	case a.Service == "iam" && typ == "role" && rest != "":
		p.Kind, p.Name = PrincipalRole, lastPathElement(rest)
	case a.Service == "sts" && typ == "assumed-role" && strings.Count(rest, "/") == 1:
		role, session, _ := strings.Cut(rest, "/")
		if role == "" || session == "" {
			break
		}
		p.Kind, p.Name, p.Session = PrincipalAssumedRole, role, session
	case a.Service == "sts" && typ == "federated-user" && rest != "" && !strings.Contains(rest, "/"):
		p.Kind, p.Name = PrincipalFederatedUser, rest
	}
	if p.Kind == PrincipalUnknown {
		return p, fmt.Errorf("principal %q: want an IAM user, role or root ARN, or an STS assumed-role or federated-user ARN", s)
	}
	return p, nil
}

// IsServiceLinkedRole reports whether the principal is a service-linked role
// or one of its sessions (path aws-service-role/, names AWSServiceRoleFor...).
func (p Principal) IsServiceLinkedRole() bool {
	switch p.Kind {
	case PrincipalAssumedRole:
		return strings.HasPrefix(p.Name, "AWSServiceRoleFor")
	case PrincipalRole:
		return strings.HasPrefix(p.Name, "AWSServiceRoleFor") || strings.Contains(p.Raw, ":role/aws-service-role/")
	}
	return false
}

// IsSession reports whether the principal is a temporary session.
func (p Principal) IsSession() bool {
	return p.Kind == PrincipalAssumedRole || p.Kind == PrincipalFederatedUser
}

func lastPathElement(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// derived returns the global condition keys AWS derives from the principal
// (reference_policies_variables.html#principaltable). key is lower-cased.
// aws:userid of users and roles needs unique IDs we do not know, so it is
// only derived where it is built from names.
func (p *Principal) derived(key string) (string, bool) {
	switch key {
	case "aws:principalaccount":
		return p.Account, p.Account != ""
	case "aws:principaltype":
		switch p.Kind {
		case PrincipalUnknown, PrincipalService:
			return "", false
		case PrincipalRole:
			return string(PrincipalAssumedRole), true
		}
		return string(p.Kind), true
	case "aws:principalarn":
		switch p.Kind {
		case PrincipalAssumedRole:
			return p.RoleARN(), true
		case PrincipalUser, PrincipalRole, PrincipalRoot, PrincipalFederatedUser:
			return p.Raw, true
		}
	case "aws:username":
		return p.Name, p.Kind == PrincipalUser
	case "aws:userid":
		switch p.Kind {
		case PrincipalRoot:
			return p.Account, true
		case PrincipalFederatedUser:
			return p.Account + ":" + p.Name, true
		}
	case "aws:principalisawsservice":
		switch p.Kind {
		case PrincipalUnknown:
			return "", false
		case PrincipalService:
			return "true", true
		}
		return "false", true
	case "aws:principalservicename":
		return p.Raw, p.Kind == PrincipalService
	}
	return "", false
}
