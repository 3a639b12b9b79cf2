package access

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/target"
)

// Inputs are everything gathered about one principal in one account and
// region; Decide evaluates them for each target and session. Every field a
// read filled may instead hold its error: the check built on it is then
// unknown and names the permission.
type Inputs struct {
	Principal Principal
	// EvalARN is the principal requests are evaluated as: the session ARN
	// of a caller, the role ARN for --as-role, the user ARN.
	EvalARN string
	// SessionName names the principal's Session Manager sessions
	// (session/<SessionName>-<id>); UserID is aws:userid.
	SessionName, UserID string
	// PrincipalARN is aws:PrincipalArn when it cannot be derived from
	// EvalARN (an Identity Center role, whose path the session ARN omits).
	PrincipalARN      string
	Partition, Region string
	Now               time.Time

	// Credentials is the check that the credentials work, made first.
	Credentials check.Check

	Policies    gather.Policies
	PoliciesErr error
	// PrincipalTags are aws:PrincipalTag/...; TagsKnown is false when the
	// session may carry session tags ssmkit cannot see.
	PrincipalTags map[string]string
	TagsKnown     bool

	Orgs    gather.OrgPolicies
	OrgsErr error

	// Preferences are the region's SSM-SessionManagerRunShell settings.
	Preferences    gather.Preferences
	PreferencesErr error
	// Keys are the KMS keys sessions would be encrypted with, by the id the
	// preferences (or a session document) give.
	Keys map[string]KeyInfo
}

// KeyInfo is a KMS key as read: the key and its policy, or why not.
type KeyInfo struct {
	Key       *gather.Key
	Err       error
	Grants    []gather.Grant
	GrantsErr error
}

// Where names the principal's identity-side policy holder, for fixes.
func (in *Inputs) Where() string {
	switch {
	case in.Principal.PermissionSet != "":
		return "permission set " + in.Principal.PermissionSet + " (IAM Identity Center: its inline policy, provisioned to the account)"
	case in.Policies.Name != "" && in.Principal.UserARN != "":
		return "IAM user " + in.Policies.Name
	case in.Policies.Name != "":
		return "IAM role " + in.Policies.Name
	}
	return "the principal's identity-based policy"
}

// TargetState is one target as resolved, or why it could not be.
type TargetState struct {
	// Spec is what the user typed.
	Spec string
	// Target is set when the spec resolved; NotFound when nothing matched;
	// LookupErr when the lookup failed.
	Target    *target.Target
	NotFound  bool
	LookupErr error
	// Connection is ssm:GetConnectionStatus' answer, when asked.
	Connection    string
	ConnectionErr error
	// Account and Region are where the lookup looked, for messages.
	Account, Region string
}

// SessionDoc is what is known of the session's document.
type SessionDoc struct {
	Session Session
	// SessionType decides the agent plugin (Port, Standard_Stream, ...).
	SessionType string
	// KMSKeyID is the document's own key (a custom Standard_Stream document
	// may name one); empty means the preferences' key.
	KMSKeyID string
	// Err is set when a custom document could not be read.
	Err error
}

// Simulated is AWS's simulator's answer for one target and session, when asked.
type Simulated struct {
	Results []gather.SimulatedResult
	Err     error
}
