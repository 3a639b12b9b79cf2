package policy

import "github.com/ssmkit/ssmkit/internal/arn"

// parsePrincipal parses a request's caller with the shared arn rules; an
// empty principal is the zero Principal (no Type): identity policies alone.
func parsePrincipal(s string) (arn.Principal, error) {
	if s == "" {
		return arn.Principal{}, nil
	}
	return arn.ParsePrincipal(s)
}

// sessionRoleARN is the role of a role session (its path is unknown: session
// ARNs do not carry it), or the role itself.
func sessionRoleARN(p *arn.Principal) string {
	switch {
	case p.Type == arn.Role:
		return p.ARN
	case p.IsRoleSession():
		return arn.RoleARN(p.Partition, p.AccountID, "/", p.RoleName)
	}
	return ""
}

// principalType is the value of aws:PrincipalType for p
// (reference_policies_condition-keys.html#condition-keys-principaltype).
func principalType(p *arn.Principal) (string, bool) {
	switch p.Type {
	case arn.IAMUser:
		return "User", true
	case arn.Role, arn.AssumedRole, arn.SSO:
		return "AssumedRole", true
	case arn.FederatedUser:
		return "FederatedUser", true
	case arn.Root:
		return "Account", true
	}
	return "", false
}

// derived returns the global condition keys AWS derives from the principal
// (reference_policies_variables.html#principaltable). key is lower-cased.
// aws:userid of users and roles needs unique IDs we do not know, so it is
// only derived where it is built from names.
func derived(p *arn.Principal, key string) (string, bool) {
	switch key {
	case "aws:principalaccount":
		return p.AccountID, p.AccountID != ""
	case "aws:principaltype":
		return principalType(p)
	case "aws:principalarn":
		switch p.Type {
		case arn.AssumedRole, arn.SSO:
			return sessionRoleARN(p), true
		case arn.IAMUser, arn.Role, arn.Root, arn.FederatedUser:
			return p.ARN, true
		}
	case "aws:username":
		return p.Name, p.Type == arn.IAMUser
	case "aws:userid":
		switch p.Type {
		case arn.Root:
			return p.AccountID, true
		case arn.FederatedUser:
			return p.AccountID + ":" + p.Name, true
		}
	case "aws:principalisawsservice":
		switch p.Type {
		case "":
			return "", false
		case arn.ServicePrincipal:
			return "true", true
		}
		return "false", true
	case "aws:principalservicename":
		return p.ARN, p.Type == arn.ServicePrincipal
	}
	return "", false
}
