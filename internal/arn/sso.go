package arn

import "strings"

// SSORolePrefix starts the name of every role IAM Identity Center creates for a permission set.
const SSORolePrefix = "AWSReservedSSO_"

// PermissionSet extracts the permission set name from an Identity Center role name
// AWSReservedSSO_<name>_<16 hex>. The name itself may contain underscores, so it is
// split at the last one.
func PermissionSet(roleName string) (string, bool) {
	rest, ok := strings.CutPrefix(roleName, SSORolePrefix)
	if !ok {
		return "", false
	}
	i := strings.LastIndexByte(rest, '_')
	if i <= 0 || !isLowerHex16(rest[i+1:]) {
		return "", false
	}
	return rest[:i], true
}

// isLowerHex16 reports whether s is 16 lower-case hex digits, the suffix
// Identity Center gives its roles. (A regexp here cost the policy evaluator
// a sixth of its time: it parses the caller on every request.)
func isLowerHex16(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// SSORolePath is the IAM path of the roles Identity Center creates,
// /aws-reserved/sso.amazonaws.com/<region>/ (AWS docs: referencingpermissionsets.html),
// except that instances in us-east-1 omit the region segment, which that page does
// not say but AWS's own EKS blog does ("If you configure SSO in a Region other than
// us-east-1, add the Region", aws.amazon.com/blogs/containers/a-quick-path-to-amazon-eks-single-sign-on-using-aws-sso/).
// It returns false when ssoRegion is unknown, since the path cannot be guessed then.
func SSORolePath(ssoRegion string) (string, bool) {
	switch ssoRegion {
	case "":
		return "", false
	case "us-east-1":
		return "/aws-reserved/sso.amazonaws.com/", true
	}
	return "/aws-reserved/sso.amazonaws.com/" + ssoRegion + "/", true
}

// RoleARN builds an IAM role ARN; path is "/" or "/a/b/" (empty means "/").
func RoleARN(partition, accountID, path, roleName string) string {
	if path == "" {
		path = "/"
	}
	return "arn:" + partition + ":iam::" + accountID + ":role" + path + roleName
}

// IAMRoleARN returns the IAM role ARN behind an assumed-role or SSO principal.
// STS ARNs drop the role path: for SSO roles it is rebuilt from the Identity Center
// region; for other roles knownPath (e.g. from the profile's role_arn) is used. It
// returns false when the path cannot be known or p is not a role session.
func (p Principal) IAMRoleARN(ssoRegion, knownPath string) (string, bool) {
	switch p.Type {
	case Role:
		return p.ARN, true
	case SSO:
		path, ok := SSORolePath(ssoRegion)
		if !ok {
			return "", false
		}
		return RoleARN(p.Partition, p.AccountID, path, p.RoleName), true
	case AssumedRole:
		if knownPath == "" {
			return "", false
		}
		return RoleARN(p.Partition, p.AccountID, knownPath, p.RoleName), true
	}
	return "", false
}
