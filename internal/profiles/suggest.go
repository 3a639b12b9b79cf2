package profiles

import (
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/record"
)

// KindProfileSuggestion is the record kind --discover prints.
const KindProfileSuggestion = "ProfileSuggestion"

// Suggestion is an account+role the SSO portal offers that no local profile
// covers, with the config block that would add it (printed, never written).
type Suggestion struct {
	record.Header
	Name        string `json:"name"`
	AccountID   string `json:"accountId"`
	AccountName string `json:"accountName,omitempty"`
	RoleName    string `json:"roleName"`
	SSOSession  string `json:"ssoSession,omitempty"`
	SSOStartURL string `json:"ssoStartUrl"`
	Region      string `json:"region"`
	Config      string `json:"config"`
}

// TableHeader implements output.Record.
func (s Suggestion) TableHeader(wide bool) []string {
	h := []string{"suggested-profile", "account", "account-name", "role", "sso-session"}
	if wide {
		h = append(h, "start-url", "region")
	}
	return h
}

// TableRow implements output.Record.
func (s Suggestion) TableRow(wide bool) []string {
	row := []string{s.Name, s.AccountID, output.Dash(s.AccountName), s.RoleName, output.Dash(s.SSOSession)}
	if wide {
		row = append(row, s.SSOStartURL, s.Region)
	}
	return row
}

// RecordName implements output.Record.
func (s Suggestion) RecordName() string { return s.Name }

// Suggest returns a Suggestion for each assignment that no existing profile
// reaches (same account, role name compared case-insensitively) and that
// passes the account and role filters. region "" means the login's region.
func Suggest(login Login, assigned []Assignment, existing []Profile, f Filter, region string) []Suggestion {
	covered := map[[2]string]bool{}
	taken := map[string]bool{}
	for _, p := range existing {
		covered[[2]string{p.AccountID, strings.ToLower(p.RoleName)}] = true
		taken[p.Name] = true
	}
	if region == "" {
		region = login.Region
	}
	var out []Suggestion
	for _, a := range assigned {
		probe := Profile{AccountID: a.AccountID, RoleName: a.RoleName}
		if covered[[2]string{a.AccountID, strings.ToLower(a.RoleName)}] || !(Filter{Accounts: f.Accounts, Role: f.Role}).Match(probe) {
			continue
		}
		name := uniqueName(suggestedName(a), a.AccountID, taken)
		taken[name] = true
		s := Suggestion{Header: record.NewHeader(KindProfileSuggestion), Name: name, AccountID: a.AccountID,
			AccountName: a.AccountName, RoleName: a.RoleName, SSOSession: login.SSOSession, SSOStartURL: login.StartURL, Region: region}
		s.Config = configBlock(s, login)
		out = append(out, s)
	}
	return out
}

// suggestedName is ACCOUNTNAME-ROLE with characters a shell or INI header
// would need quoting for replaced by '-'.
func suggestedName(a Assignment) string {
	base := a.AccountName
	if base == "" {
		base = a.AccountID
	}
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '-' || r == '_' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
				return r
			}
			return '-'
		}, s)
	}
	return clean(base) + "-" + clean(a.RoleName)
}

func uniqueName(name, accountID string, taken map[string]bool) string {
	if !taken[name] {
		return name
	}
	cand := name + "-" + accountID
	for i := 2; taken[cand]; i++ {
		cand = fmt.Sprintf("%s-%s-%d", name, accountID, i)
	}
	return cand
}

func configBlock(s Suggestion, l Login) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[profile %s]\n", s.Name)
	if l.SSOSession != "" {
		fmt.Fprintf(&b, "sso_session = %s\n", l.SSOSession)
	} else {
		fmt.Fprintf(&b, "sso_start_url = %s\nsso_region = %s\n", l.StartURL, l.Region)
	}
	fmt.Fprintf(&b, "sso_account_id = %s\nsso_role_name = %s\nregion = %s\n", s.AccountID, s.RoleName, s.Region)
	return b.String()
}
