// Package identity answers "who am I under this profile": it checks offline what
// can be known without AWS, asks STS who the caller is, parses the answer into
// account, role, permission set and session, and optionally names the account.
package identity

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/record"
)

// Unknown marks an enrichment field the caller was not allowed to (or could not) read.
const Unknown = "unknown"

// Identity is the record ssm-whoami prints, one per profile.
type Identity struct {
	record.Header
	Profile          string `json:"profile"`
	ARN              string `json:"arn,omitempty"`
	AccountID        string `json:"accountId,omitempty"`
	AccountAlias     string `json:"accountAlias,omitempty"`
	AccountName      string `json:"accountName,omitempty"`
	UserID           string `json:"userId,omitempty"`
	PrincipalType    string `json:"principalType,omitempty"`
	RoleName         string `json:"roleName,omitempty"`
	RoleARN          string `json:"roleArn,omitempty"`
	PermissionSet    string `json:"permissionSet,omitempty"`
	SessionName      string `json:"sessionName,omitempty"`
	CredentialSource string `json:"credentialSource,omitempty"`
	// CredentialExpiresAt is when the credentials in use expire, where known.
	CredentialExpiresAt *time.Time `json:"credentialExpiresAt,omitempty"`
	// SSOTokenStatus is valid, expired or missing for SSO profiles.
	SSOTokenStatus string `json:"ssoTokenStatus,omitempty"`
	// SSOTokenExpiresAt is when the cached SSO token expires: the next `aws sso login`.
	SSOTokenExpiresAt *time.Time `json:"ssoTokenExpiresAt,omitempty"`
	Region            string     `json:"region,omitempty"`
	// Cached is true when the answer came from the local identity cache, not STS.
	Cached bool `json:"cached,omitempty"`
	// Notes say why an enrichment field is unknown and which permission would tell.
	Notes []string `json:"notes,omitempty"`
	Error string   `json:"error,omitempty"`
	Fix   string   `json:"fix,omitempty"`

	// Code is the exit code this record stands for (ARCHITECTURE.md, "Exit codes"); not printed.
	Code int `json:"-"`
	// AsOf is the clock reading the table's "expires in" is relative to; not printed.
	AsOf time.Time `json:"-"`
}

// New returns an empty Identity record for profile.
func New(profile string) Identity {
	return Identity{Header: record.NewHeader(record.KindIdentity), Profile: profile}
}

// RecordName is what `-o name` prints: the caller ARN.
func (id Identity) RecordName() string { return id.ARN }

// OK reports whether the identity was resolved.
func (id Identity) OK() bool { return id.Error == "" }
