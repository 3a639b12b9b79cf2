package profiles

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
)

// Portal is the part of the SSO portal API --discover calls; both are
// read-only List operations authorised by the cached access token.
type Portal interface {
	ListAccounts(ctx context.Context, in *sso.ListAccountsInput, opts ...func(*sso.Options)) (*sso.ListAccountsOutput, error)
	ListAccountRoles(ctx context.Context, in *sso.ListAccountRolesInput, opts ...func(*sso.Options)) (*sso.ListAccountRolesOutput, error)
}

// Login is one SSO login the files define: an sso-session, or the start URL
// of legacy profiles. CacheKey names its token cache file.
type Login struct {
	SSOSession string
	StartURL   string
	Region     string
	CacheKey   string
	// Profile is a legacy profile using StartURL, for the login fix.
	Profile string
}

// Fix is the command that logs this session in.
func (l Login) Fix() string { return LoginCommand(l.SSOSession, l.Profile) }

// Logins lists the distinct SSO logins in files, sessions first (sorted),
// then legacy start URLs in profile order; session "" means all.
func Logins(files *awsconfig.Files, session string) []Login {
	var out []Login
	names := files.SSOSessionNames()
	sort.Strings(names)
	for _, n := range names {
		s, _ := files.SSOSession(n)
		u, _ := s.Get("sso_start_url")
		r, _ := s.Get("sso_region")
		if u != "" && r != "" && (session == "" || session == n) {
			out = append(out, Login{SSOSession: n, StartURL: u, Region: r, CacheKey: ssocache.Key(n)})
		}
	}
	if session != "" {
		return out
	}
	seen := map[string]bool{}
	for _, p := range files.Profiles() {
		u, r := p.Value("sso_start_url"), p.Value("sso_region")
		if p.Has("sso_session") || u == "" || r == "" || seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, Login{StartURL: u, Region: r, CacheKey: ssocache.Key(u), Profile: p.Name})
	}
	return out
}

// Assignment is one account+role pair the portal lets the user reach.
type Assignment struct {
	AccountID   string
	AccountName string
	RoleName    string
}

// maxRoleLookups bounds concurrent ListAccountRoles calls; the portal
// throttles, and the retryer slows down further on throttling.
const maxRoleLookups = 8

// ListAssignments pages through ListAccounts, then ListAccountRoles per
// account (bounded concurrency), sorted by account and role.
func ListAssignments(ctx context.Context, portal Portal, token string) ([]Assignment, error) {
	var accounts []Assignment
	pages := sso.NewListAccountsPaginator(portal, &sso.ListAccountsInput{AccessToken: aws.String(token)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("sso:ListAccounts: %w", err)
		}
		for _, a := range page.AccountList {
			accounts = append(accounts, Assignment{AccountID: aws.ToString(a.AccountId), AccountName: aws.ToString(a.AccountName)})
		}
	}
	roles := make([][]Assignment, len(accounts))
	errs := make([]error, len(accounts))
	sem := make(chan struct{}, maxRoleLookups)
	var wg sync.WaitGroup
	for i, a := range accounts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			roles[i], errs[i] = accountRoles(ctx, portal, token, a)
		}()
	}
	wg.Wait()
	var out []Assignment
	for i := range accounts {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, roles[i]...)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].AccountID != out[j].AccountID {
			return out[i].AccountID < out[j].AccountID
		}
		return out[i].RoleName < out[j].RoleName
	})
	return out, nil
}

func accountRoles(ctx context.Context, portal Portal, token string, a Assignment) ([]Assignment, error) {
	var out []Assignment
	pages := sso.NewListAccountRolesPaginator(portal, &sso.ListAccountRolesInput{AccessToken: aws.String(token), AccountId: aws.String(a.AccountID)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("sso:ListAccountRoles for account %s: %w", a.AccountID, err)
		}
		for _, r := range page.RoleList {
			out = append(out, Assignment{AccountID: a.AccountID, AccountName: a.AccountName, RoleName: aws.ToString(r.RoleName)})
		}
	}
	return out, nil
}
