package access

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/identitycenter"
)

// userCase is one user, resolved, with what the account grants.
type userCase struct {
	ic        IdentityCenter
	user      identitycenter.User
	groups    []identitycenter.Group
	groupsErr error
	asgErr    error
	cands     []*candidate
	groupInfo map[string]identitycenter.Group
	tags      map[string]string
	missing   []string
	tagsKnown bool
}

// via says how the user has cd: directly, through which of their groups.
func (u userCase) via(cd *candidate) []string {
	var out []string
	if contains(cd.users, u.user.ID) {
		out = append(out, "user")
	}
	for _, g := range u.groups {
		if contains(cd.groups, g.ID) {
			out = append(out, "group "+g.Name)
		}
	}
	return out
}

func (u userCase) principal(profile, account string) Principal {
	p := Principal{Profile: profile, Type: PrincipalICUser, AccountID: account,
		User: &ICUser{UserName: u.user.UserName, ID: u.user.ID, DisplayName: u.user.DisplayName, Email: u.user.Email,
			ExternalIssuer: u.user.Issuer(), Tags: u.tags}}
	p.Groups = []ICGroup{}
	for _, g := range u.groups {
		p.Groups = append(p.Groups, ICGroup{Name: g.Name, ID: g.ID, ExternalIssuer: g.Issuer()})
	}
	return p
}

// userRecord answers one user for one target and session.
func (c *Checker) userRecord(base *Inputs, u userCase, ts TargetState, d SessionDoc) AccessCheck {
	account := c.Resolver.AccountID
	opts := Options{ConnectionAsked: c.Connection, Lifecycle: c.Lifecycle}
	var (
		results []PermissionSetResult
		recs    []AccessCheck
		others  []*candidate // assigned to groups the user is not in
	)
	for _, cd := range u.cands {
		via := u.via(cd)
		if len(via) == 0 {
			if len(cd.groups) > 0 {
				others = append(others, cd)
			}
			continue
		}
		var r AccessCheck
		if cd.notProvisioned {
			r = c.notProvisioned(base, cd, ts, d)
		} else {
			r = Decide(inputsFor(base, cd, u.user.UserName, u.tags, u.tagsKnown), ts, d, nil, opts)
		}
		recs = append(recs, r)
		results = append(results, resultOf(cd, via, r))
	}

	ic := u.assignmentCheck(account, results)
	var rec AccessCheck
	switch {
	case len(recs) == 0:
		in := *base
		if u.asgErr != nil || u.groupsErr != nil {
			in.PoliciesErr = firstErr(u.asgErr, u.groupsErr)
		}
		rec = Decide(&in, ts, d, nil, opts)
		// Nothing to evaluate: the assignment check decides, not an empty policy set.
		var checks []check.Check
		for _, ch := range rec.Checks {
			if ch.ID != CheckStartSession && ch.ID != CheckEncryption && ch.ID != CheckLifecycle {
				checks = append(checks, ch)
			}
		}
		rec.Checks = checks
	default:
		rec = recs[best(recs)]
	}
	rec.Principal = u.principal(base.Principal.Profile, account)
	if len(recs) > 0 {
		b := recs[best(recs)]
		rec.Principal.PermissionSet, rec.Principal.RoleARN, rec.Principal.ARN = b.Principal.PermissionSet, b.Principal.RoleARN, b.Principal.ARN
	}
	rec.Checks = insertAfterCredentials(rec.Checks, ic)
	rec.PermissionSets = results
	if rec.PermissionSets == nil {
		rec.PermissionSets = []PermissionSetResult{}
	}
	u.decide(&rec, recs, results, ic)
	if rec.Permission != Allowed {
		rec.Fixes = append(u.groupFixes(c, base, others, ts, d), rec.Fixes...)
		rec.Fixes = append(rec.Fixes, u.tagFixes(results)...)
	}
	rec.Code = codeFor(rec.Decision, rec.Checks)
	return rec
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// best is the permission set the record shows: the first that allows the
// session, else the first whose permission allows it, else the first unknown.
func best(recs []AccessCheck) int {
	for _, want := range []func(AccessCheck) bool{
		func(r AccessCheck) bool { return r.Decision == Allowed },
		func(r AccessCheck) bool { return r.Permission == Allowed },
		func(r AccessCheck) bool { return r.Permission == Unknown },
	} {
		for i, r := range recs {
			if want(r) {
				return i
			}
		}
	}
	return 0
}

// assignmentCheck says which permission sets the user has in the account,
// through which groups; fail when none, unknown when they could not be read.
func (u userCase) assignmentCheck(account string, results []PermissionSetResult) check.Check {
	name := u.user.UserName
	var sets []string
	for _, r := range results {
		sets = append(sets, r.Name+" (via "+strings.Join(r.Via, ", ")+")")
	}
	var groups []string
	for _, g := range u.groups {
		s := g.Name
		if iss := g.Issuer(); iss != "" {
			s += " (from " + iss + ")"
		}
		groups = append(groups, s)
	}
	groupText := "in no group"
	if len(groups) > 0 {
		groupText = "in groups " + strings.Join(groups, ", ")
	}
	ev := map[string]any{"groups": groups, "permissionSets": sets, "principalTags": u.tags}
	switch {
	case u.asgErr != nil:
		ch := check.FromError(CheckIdentityCenter, titleIdentityCenter, u.asgErr)
		ch.Reason = "IAM Identity Center could not be read for account " + account + ": " + ch.Reason
		return ch.WithEvidence(ev)
	case u.groupsErr != nil && len(results) == 0:
		ch := check.FromError(CheckIdentityCenter, titleIdentityCenter, u.groupsErr)
		ch.Reason = "no permission set is assigned to " + name + " directly in " + account + ", and the groups could not be read: " + ch.Reason
		return ch.WithEvidence(ev)
	case len(results) == 0:
		return check.New(CheckIdentityCenter, titleIdentityCenter, check.Fail,
			name+" ("+groupText+") has no account assignment in "+account+", directly or through a group").WithEvidence(ev)
	}
	reason := name + " (" + groupText + ") has in " + account + ": " + strings.Join(sets, "; ")
	if u.groupsErr != nil {
		ch := check.FromError(CheckIdentityCenter, titleIdentityCenter, u.groupsErr)
		ch.Reason = reason + "; the groups could not be read: " + ch.Reason
		return ch.WithEvidence(ev)
	}
	return check.New(CheckIdentityCenter, titleIdentityCenter, check.Pass, reason).WithEvidence(ev)
}

func insertAfterCredentials(checks []check.Check, ic check.Check) []check.Check {
	out := make([]check.Check, 0, len(checks)+1)
	done := false
	for _, ch := range checks {
		out = append(out, ch)
		if ch.ID == CheckCredentials && !done {
			out, done = append(out, ic), true
		}
	}
	if !done {
		out = append([]check.Check{ic}, out...)
	}
	return out
}

// decide sets the user's answer: allowed when one permission set allows the
// session; unknown when none does but one, the groups or the assignments
// could not be decided; denied otherwise.
func (u userCase) decide(rec *AccessCheck, recs []AccessCheck, results []PermissionSetResult, ic check.Check) {
	if cr, ok := rec.Check(CheckCredentials); ok && cr.Status != check.Pass {
		return // Decide already said: log in first, or the profile is wrong
	}
	perm, dec := Denied, Denied
	for _, r := range recs {
		perm = better(perm, r.Permission)
		dec = better(dec, r.Decision)
	}
	if ic.Status == check.Unknown {
		perm, dec = better(perm, Unknown), better(dec, Unknown)
	}
	if ic.Status == check.Fail {
		perm, dec = Denied, Denied
	}
	if tc, ok := rec.Check(CheckTarget); ok && tc.Status == check.Fail {
		dec = Denied
	}
	rec.Permission, rec.Decision = perm, dec
	switch {
	case len(results) == 0:
		rec.Reason = ic.Reason
	case dec == Allowed:
		r := results[best(recs)]
		rec.Reason = "through " + strings.Join(r.Via, ", ") + ", permission set " + r.Name + ": " + r.Reason
	case perm == Allowed:
		r := results[best(recs)]
		rec.Reason = "permission set " + r.Name + " (through " + strings.Join(r.Via, ", ") + ") allows it, but: " + r.Reason
	default:
		var parts []string
		for _, r := range results {
			parts = append(parts, r.Name+": "+r.Reason)
		}
		lead := "no permission set of " + u.user.UserName + " allows it"
		if dec == Unknown {
			lead = "no permission set of " + u.user.UserName + " is known to allow it"
		}
		if ic.Status == check.Unknown {
			parts = append(parts, ic.Reason)
		}
		rec.Reason = lead + ": " + strings.Join(parts, "; ")
	}
	// Fixes of every permission set the user has, not only the one shown.
	if perm != Allowed {
		var fixes []check.Fix
		for _, r := range recs {
			for _, f := range r.Fixes {
				if !containsFix(fixes, f) {
					fixes = append(fixes, f)
				}
			}
		}
		rec.Fixes = fixes
	}
}

// better is the more favourable of two answers: allowed > unknown > denied.
func better(a, b string) string {
	rank := map[string]int{Denied: 0, Unknown: 1, Allowed: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}
