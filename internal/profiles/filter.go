package profiles

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
)

// Filter selects profiles; the zero Filter selects all.
type Filter struct {
	Names      []string // globs on the profile name
	Accounts   []string // exact account IDs, any of them
	Role       string   // glob on the role name, case-insensitive like IAM
	SSOSession string
	Region     string
	Source     string
	LoggedIn   bool
}

// Validate rejects filters that can never match because they are malformed.
func (f Filter) Validate() error {
	for _, a := range f.Accounts {
		if !arn.IsAccountID(a) {
			return fmt.Errorf("--account %q: an account ID is 12 digits", a)
		}
	}
	if f.Source != "" && !slices.Contains(Sources(), f.Source) {
		return fmt.Errorf("--source %q: use one of %s", f.Source, strings.Join(Sources(), ", "))
	}
	return nil
}

// Match reports whether r passes every filter that is set.
func (f Filter) Match(r Profile) bool {
	if len(f.Names) > 0 && !slices.ContainsFunc(f.Names, func(g string) bool { return Glob(g, r.Name) }) {
		return false
	}
	if len(f.Accounts) > 0 && !slices.Contains(f.Accounts, r.AccountID) {
		return false
	}
	if f.Role != "" && !Glob(strings.ToLower(f.Role), strings.ToLower(r.RoleName)) {
		return false
	}
	switch {
	case f.SSOSession != "" && r.SSOSession != f.SSOSession,
		f.Region != "" && r.Region != f.Region,
		f.Source != "" && r.CredentialSource != f.Source,
		f.LoggedIn && !r.LoggedIn:
		return false
	}
	return true
}

// Glob matches s against a shell-style pattern where * is any run of
// characters (slashes included) and ? is one character.
func Glob(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	i, j, star, mark := 0, 0, -1, 0
	for j < len(t) {
		switch {
		case i < len(p) && p[i] == '*':
			star, mark = i, j
			i++
		case i < len(p) && (p[i] == '?' || p[i] == t[j]):
			i++
			j++
		case star >= 0:
			mark++
			i, j = star+1, mark
		default:
			return false
		}
	}
	for i < len(p) && p[i] == '*' {
		i++
	}
	return i == len(p)
}
