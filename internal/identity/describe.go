package identity

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/runas"
)

// Caller is STS GetCallerIdentity's answer.
type Caller struct {
	ARN       string
	AccountID string
	UserID    string
}

// Describe turns STS's answer for profile p into the record: principal type,
// role, permission set, session and the IAM role ARN with the path STS omits.
func Describe(p runas.Subject, c Caller, now time.Time) Identity {
	id := base(p, now)
	id.ARN, id.AccountID, id.UserID = c.ARN, c.AccountID, c.UserID
	id.Code = exitcode.OK
	pr, err := arn.ParsePrincipal(c.ARN)
	if err != nil {
		id.Notes = append(id.Notes, "caller ARN not recognised: "+err.Error())
		return id
	}
	if id.AccountID == "" {
		id.AccountID = pr.AccountID
	}
	id.PrincipalType = string(pr.Type)
	id.RoleName, id.SessionName, id.PermissionSet = pr.RoleName, pr.SessionName, pr.PermissionSet
	if roleARN, ok := pr.IAMRoleARN(p.SSORegion, configuredRolePath(p, pr)); ok {
		id.RoleARN = roleARN
	} else if pr.Type == arn.AssumedRole {
		id.Notes = append(id.Notes, "roleArn unknown: STS omits the role path (iam:GetRole on "+pr.RoleName+" would tell)")
	} else if pr.Type == arn.SSO {
		id.Notes = append(id.Notes, "roleArn unknown: the Identity Center region (sso_region) is not configured")
	}
	return id
}

// configuredRolePath returns the path of the profile's role_arn when it names
// the role STS reports, so the role ARN can be given exactly.
func configuredRolePath(p runas.Subject, caller arn.Principal) string {
	if p.RoleARN == "" {
		return ""
	}
	r, err := arn.ParsePrincipal(p.RoleARN)
	if err != nil || r.Type != arn.Role || r.RoleName != caller.RoleName || r.AccountID != caller.AccountID {
		return ""
	}
	return r.Path
}
