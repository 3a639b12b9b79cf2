// Package access decides whether a principal may start a Session Manager
// session on a target right now, and says what stops it: the AccessCheck
// record of ssm-canconnect. Decide is pure over gathered inputs (so
// Identity Center users can be evaluated from their permission sets too);
// Checker gathers those inputs live through package gather and target.
package access

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/record"
)

// Answers of the permission and decision fields.
const (
	Allowed = "allowed"
	Denied  = "denied"
	Unknown = "unknown"
)

// Check ids, in the order the record lists them.
const (
	CheckCredentials  = "credentials"
	CheckStartSession = "start-session"
	CheckEncryption   = "session-encryption"
	CheckLifecycle    = "session-lifecycle"
	CheckTarget       = "target"
	CheckSimulator    = "aws-simulator"
)

// Principal is who would start the session.
type Principal struct {
	// Profile is the profile whose credentials made the checks.
	Profile string `json:"profile"`
	// ARN is the caller (a session ARN), or the role given with --as-role.
	ARN  string `json:"arn,omitempty"`
	Type string `json:"type,omitempty"`
	// PermissionSet is the Identity Center permission set of an SSO session.
	PermissionSet string `json:"permissionSet,omitempty"`
	// RoleARN (or UserARN) is the IAM identity whose policies were evaluated.
	RoleARN   string `json:"roleArn,omitempty"`
	UserARN   string `json:"userArn,omitempty"`
	AccountID string `json:"accountId,omitempty"`
	// User and Groups are the Identity Center user --as-user names and the
	// groups they are in (identitycenter.go).
	User   *ICUser   `json:"user,omitempty"`
	Groups []ICGroup `json:"groups,omitempty"`
}

// TargetRef is the target as the record names it: enough for
// ssm-readiness to check the same target from a piped record.
type TargetRef struct {
	// Spec is what the user typed, when it was not the id.
	Spec       string `json:"spec,omitempty"`
	ID         string `json:"id,omitempty"`
	Name       string `json:"name,omitempty"`
	Account    string `json:"account,omitempty"`
	Region     string `json:"region,omitempty"`
	Platform   string `json:"platform,omitempty"`
	State      string `json:"state,omitempty"`
	PingStatus string `json:"pingStatus,omitempty"`
	// Connection is GetConnectionStatus' answer (connected, notconnected).
	Connection string `json:"connection,omitempty"`
}

// AccessCheck is one principal x target x session kind.
type AccessCheck struct {
	record.Header
	Principal Principal `json:"principal"`
	Target    TargetRef `json:"target"`
	Session   Session   `json:"session"`
	// Permission is whether the principal may start this session.
	Permission string `json:"permission"`
	// Decision is allowed only when the permission is allowed and the
	// target can take the session; denied when either definitely fails.
	Decision string        `json:"decision"`
	Reason   string        `json:"reason"`
	Checks   []check.Check `json:"checks"`
	Fixes    []check.Fix   `json:"fixes"`
	// PermissionSets are, for an Identity Center user or --as-permission-set,
	// each permission set evaluated on its own (identitycenter.go).
	PermissionSets []PermissionSetResult `json:"permissionSets,omitempty"`
	// Code is the exit code this record stands for; not printed.
	Code int `json:"-"`
}

// New returns an empty record.
func New(p Principal, t TargetRef, s Session) AccessCheck {
	return AccessCheck{Header: record.NewHeader(record.KindAccessCheck), Principal: p, Target: t, Session: s,
		Checks: []check.Check{}, Fixes: []check.Fix{}}
}

// Answer is kubectl auth can-i's line: yes, no - reason, unknown - why.
func (a AccessCheck) Answer() string {
	switch a.Decision {
	case Allowed:
		return "yes"
	case Denied:
		return "no - " + a.Reason
	}
	return "unknown - " + a.Reason
}

// Check returns the check with the given id, if the record has it.
func (a AccessCheck) Check(id string) (check.Check, bool) {
	for _, c := range a.Checks {
		if c.ID == id {
			return c, true
		}
	}
	return check.Check{}, false
}

// TableHeader implements output.Record.
func (a AccessCheck) TableHeader(wide bool) []string {
	h := []string{"profile", "target", "session", "answer", "fix"}
	if wide {
		h = append(h, "permission", "credentials", "start-session", "encryption", "lifecycle", "target-state", "aws-simulator")
	}
	return h
}

// TableRow implements output.Record.
func (a AccessCheck) TableRow(wide bool) []string {
	fix := "-"
	if len(a.Fixes) > 0 {
		fix = a.Fixes[0].Text
		if a.Fixes[0].Command != "" {
			fix = a.Fixes[0].Command
		}
	}
	row := []string{a.principalLabel(), a.targetLabel(), string(a.Session.Kind), a.Answer(), fix}
	if wide {
		row = append(row, a.Permission)
		for _, id := range []string{CheckCredentials, CheckStartSession, CheckEncryption, CheckLifecycle, CheckTarget, CheckSimulator} {
			c, ok := a.Check(id)
			if !ok {
				row = append(row, "-")
				continue
			}
			row = append(row, string(c.Status))
		}
	}
	return row
}

// RecordName is what -o name prints: the target id.
func (a AccessCheck) RecordName() string { return output.Dash(a.Target.ID) }

func (a AccessCheck) principalLabel() string {
	p := a.Principal.Profile
	if p == "" {
		p = "default"
	}
	if a.Principal.User != nil {
		return "user/" + a.Principal.User.UserName + " (via " + p + ")"
	}
	if a.Principal.Type == PrincipalPermissionSet {
		return "permission-set/" + a.Principal.PermissionSet + " (via " + p + ")"
	}
	if a.Principal.Type == "role" && a.Principal.ARN != "" {
		return "role/" + a.Principal.ARN[strings.LastIndexByte(a.Principal.ARN, '/')+1:] + " (via " + p + ")"
	}
	return p
}

func (a AccessCheck) targetLabel() string {
	t := a.Target
	switch {
	case t.ID == "":
		return output.Dash(t.Spec)
	case t.Name != "":
		return t.ID + " (" + t.Name + ")"
	}
	return t.ID
}

// ExitCode maps the record to the documented exit codes (ARCHITECTURE.md).
func (a AccessCheck) ExitCode() int { return a.Code }

// codeFor is the exit code of a decision; a login needed anywhere is 4.
func codeFor(decision string, checks []check.Check) int {
	for _, c := range checks {
		if c.Status != check.Pass && c.Status != check.Skip && c.Class.ExitCode() == exitcode.Credentials {
			return exitcode.Credentials
		}
	}
	switch decision {
	case Allowed:
		return exitcode.OK
	case Denied:
		return exitcode.No
	}
	return exitcode.Unknown
}
