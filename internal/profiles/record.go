// Package profiles turns the shared config files into Profile records: what
// each profile reaches (account, role), how it gets credentials, whether it is
// logged in, and what is wrong with it.
package profiles

import (
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/record"
)

// Credential sources, the values of Profile.CredentialSource.
const (
	SourceSSO               = "sso"
	SourceSSOLegacy         = "sso-legacy"
	SourceAssumeRole        = "assume-role"
	SourceCredentialProcess = "credential-process"
	SourceStatic            = "static"
	SourceWebIdentity       = "web-identity"
	SourceNone              = "none"
)

// Sources lists every credential source, for --source validation and help.
func Sources() []string {
	return []string{SourceSSO, SourceSSOLegacy, SourceAssumeRole, SourceCredentialProcess, SourceStatic, SourceWebIdentity, SourceNone}
}

// Token is the SSO token cache state of a profile (never the token itself).
type Token struct {
	Status      string     `json:"status"`
	ExpiresAt   *time.Time `json:"expiresAt,omitempty"`
	Refreshable bool       `json:"refreshable,omitempty"`
}

// Profile is the record ssm-profiles prints, one per profile.
type Profile struct {
	record.Header
	Name                 string   `json:"name"`
	CredentialSource     string   `json:"credentialSource"`
	AccountID            string   `json:"accountId,omitempty"`
	RoleName             string   `json:"roleName,omitempty"`
	Region               string   `json:"region,omitempty"`
	SSOSession           string   `json:"ssoSession,omitempty"`
	SSOStartURL          string   `json:"ssoStartUrl,omitempty"`
	SSORegion            string   `json:"ssoRegion,omitempty"`
	RoleARN              string   `json:"roleArn,omitempty"`
	SourceProfile        string   `json:"sourceProfile,omitempty"`
	RoleCredentialSource string   `json:"roleCredentialSource,omitempty"`
	Chain                []string `json:"chain,omitempty"`
	AccessKeyID          string   `json:"accessKeyId,omitempty"`
	Files                []string `json:"files"`
	Token                *Token   `json:"token,omitempty"`
	LoggedIn             bool     `json:"loggedIn"`
	Fix                  string   `json:"fix,omitempty"`
	Warnings             []string `json:"warnings,omitempty"`
}

// TableHeader implements output.Record.
func (p Profile) TableHeader(wide bool) []string {
	h := []string{"name", "source", "account", "role", "region", "token", "expires"}
	if wide {
		h = append(h, "sso-session", "chain", "files", "warnings")
	}
	return h
}

// TableRow implements output.Record.
func (p Profile) TableRow(wide bool) []string {
	token, expires := "-", "-"
	if p.Token != nil {
		token = p.Token.Status
		if p.Token.ExpiresAt != nil {
			expires = p.Token.ExpiresAt.UTC().Format("2006-01-02 15:04Z")
		}
	}
	row := []string{p.Name, p.CredentialSource, output.Dash(p.AccountID), output.Dash(p.RoleName), output.Dash(p.Region), token, expires}
	if wide {
		row = append(row, output.Dash(p.SSOSession), output.Dash(strings.Join(p.Chain, " -> ")),
			output.Dash(strings.Join(p.Files, ",")), output.Dash(strings.Join(p.Warnings, "; ")))
	}
	return row
}

// RecordName implements output.Record: the bare profile name, for
// `--profile "$(ssm-profiles -o name ...)"`.
func (p Profile) RecordName() string { return p.Name }
