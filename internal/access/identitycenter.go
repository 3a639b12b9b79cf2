package access

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/identitycenter"
	"github.com/ssmkit/ssmkit/internal/target"
)

// CheckIdentityCenter is the check that the user has an account assignment
// in the target's account: which groups, which permission sets.
const CheckIdentityCenter = "identity-center"

const titleIdentityCenter = "account assignments of the user in the target's account"

// Principal types of Identity Center records.
const (
	PrincipalICUser        = "identity-center-user"
	PrincipalPermissionSet = "permission-set"
)

// ICUser is the Identity Center user a record answers for (--as-user).
type ICUser struct {
	UserName    string `json:"userName"`
	ID          string `json:"id,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
	Email       string `json:"email,omitempty"`
	// ExternalIssuer is the external IdP that provisions the user (SCIM).
	ExternalIssuer string `json:"externalIssuer,omitempty"`
	// Tags are the principal tags the user's sessions carry as evaluated:
	// the instance's ABAC attributes, then --principal-tag.
	Tags map[string]string `json:"tags,omitempty"`
}

// ICGroup is one group the user is in.
type ICGroup struct {
	Name string `json:"name"`
	ID   string `json:"id,omitempty"`
	// ExternalIssuer is the external IdP that provisions the group and its
	// members (SCIM): membership is requested there.
	ExternalIssuer string `json:"externalIssuer,omitempty"`
}

// PermissionSetResult is one permission set evaluated on its own: a user
// picks one permission set per session, so each is a separate answer.
type PermissionSetResult struct {
	Name    string `json:"name"`
	ARN     string `json:"arn,omitempty"`
	RoleARN string `json:"roleArn,omitempty"`
	// Via says how the user has it: "user" (assigned directly) or "group NAME".
	Via        []string `json:"via,omitempty"`
	Permission string   `json:"permission"`
	Decision   string   `json:"decision"`
	Reason     string   `json:"reason"`
	// Statements are the statements that decided (policy/sid).
	Statements []string      `json:"statements,omitempty"`
	Checks     []check.Check `json:"checks"`
}

// IdentityCenter is the instance the command resolved and its reader.
type IdentityCenter struct {
	Dir      *identitycenter.Directory
	Instance identitycenter.Instance
	// Orgs, when set, reads the SCPs over the target's account when the
	// target's profile may not (a member account): the Identity Center
	// profile is often the management account's, which may.
	Orgs *gather.Reader
	// Err is set when Identity Center could not be read at all (the
	// instance, a user, the permission set): every answer is then unknown
	// and names the permission.
	Err error
}

// ICQuery is whom to answer for: users (--as-user), or one permission set
// with no user (--as-permission-set).
type ICQuery struct {
	Users []identitycenter.User
	// PermissionSetARN is --as-permission-set's set; Provisioned says
	// whether it is provisioned to the target's account.
	PermissionSetARN, PermissionSetName string
	Provisioned                         bool
}

// candidate is a permission set assigned in the account, read once.
type candidate struct {
	arn, name      string
	role           gather.ReservedRole
	policies       gather.Policies
	err            error
	notProvisioned bool
	users, groups  []string // principal ids assigned it directly
}

// CheckIdentityCenter answers each user (or the permission set) for every
// target and session: each permission set the user has in the target's
// account is evaluated as the session Identity Center would start (the
// AWSReservedSSO_ role with the user name as session name), and the user
// may connect when one of them allows it.
func (c *Checker) CheckIdentityCenter(ctx context.Context, s Subject, ic IdentityCenter, q ICQuery, specs []target.Spec, sessions []Session) []AccessCheck {
	s.Policies = Source{} // each permission set's are read below
	var (
		base    *Inputs
		docs    []SessionDoc
		matches []target.Match
		asg     []identitycenter.Assignment
		asgErr  error
		roles   map[string]gather.ReservedRole
		roleErr error
		groups  = make([][]identitycenter.Group, len(q.Users))
		gErrs   = make([]error, len(q.Users))
		wg      sync.WaitGroup
	)
	account := c.Resolver.AccountID
	if ic.Err == nil {
		for i, u := range q.Users {
			wg.Add(1)
			go func() { defer wg.Done(); groups[i], gErrs[i] = ic.Dir.GroupsOf(ctx, ic.Instance.IdentityStoreID, u.ID) }()
		}
	}
	wg.Add(4)
	go func() { defer wg.Done(); docs = c.Documents(ctx, sessions); base = c.Gather(ctx, s, docs) }()
	go func() { defer wg.Done(); matches = c.Resolver.Resolve(ctx, specs) }()
	go func() { defer wg.Done(); roles, roleErr = c.Reader.ReservedRoles(ctx) }()
	go func() {
		defer wg.Done()
		if len(q.Users) > 0 && ic.Err == nil {
			asg, asgErr = ic.Dir.Assignments(ctx, ic.Instance.ARN, account)
		}
	}()
	wg.Wait()
	if base.OrgsErr != nil && ic.Orgs != nil {
		if orgs, err := ic.Orgs.OrgPolicies(ctx, account); err == nil {
			base.Orgs, base.OrgsErr = orgs, nil
		}
	}
	states := c.states(ctx, matches)
	if ic.Err != nil {
		return c.unreadable(base, ic, q, states, docs)
	}

	var cands []*candidate
	if len(q.Users) == 0 {
		cands = []*candidate{{arn: q.PermissionSetARN, notProvisioned: !q.Provisioned}}
	} else {
		cands = candidatesOf(asg)
	}
	groupNames := map[string]identitycenter.Group{}
	var mu sync.Mutex
	for _, cd := range cands {
		wg.Add(1)
		go func() { defer wg.Done(); c.readCandidate(ctx, ic, cd, roles, roleErr) }()
		for _, g := range cd.groups {
			wg.Add(1)
			go func() {
				defer wg.Done()
				grp, err := ic.Dir.Group(ctx, ic.Instance.IdentityStoreID, g)
				if err != nil {
					grp = identitycenter.Group{ID: g, Name: g}
				}
				mu.Lock()
				groupNames[g] = grp
				mu.Unlock()
			}()
		}
	}
	wg.Wait()

	var out []AccessCheck
	if len(q.Users) == 0 {
		for _, ts := range states {
			for _, d := range docs {
				out = append(out, c.permissionSetRecord(base, cands[0], s, ts, d))
			}
		}
		return out
	}
	for i, u := range q.Users {
		uc := userCase{user: u, groups: groups[i], groupsErr: gErrs[i], asgErr: asgErr, cands: cands, groupInfo: groupNames, ic: ic}
		uc.tags, uc.missing = identitycenter.PrincipalTags(ic.Instance.Attributes, u)
		for k, v := range s.Tags {
			uc.tags[k] = v
		}
		// The ABAC attributes are known; an external IdP may add more in its
		// SAML assertion, which no API returns: known only when given.
		uc.tagsKnown = s.TagsGiven
		for _, ts := range states {
			for _, d := range docs {
				out = append(out, c.userRecord(base, uc, ts, d))
			}
		}
	}
	return out
}

// unreadable answers when Identity Center could not be read: unknown,
// naming the permission.
func (c *Checker) unreadable(base *Inputs, ic IdentityCenter, q ICQuery, states []TargetState, docs []SessionDoc) []AccessCheck {
	users := q.Users
	if len(users) == 0 {
		users = []identitycenter.User{{}}
	}
	var out []AccessCheck
	for _, u := range users {
		uc := userCase{user: u, asgErr: ic.Err, ic: ic, tags: map[string]string{}}
		for _, ts := range states {
			for _, d := range docs {
				rec := c.userRecord(base, uc, ts, d)
				if len(q.Users) == 0 {
					rec.Principal = Principal{Profile: base.Principal.Profile, Type: PrincipalPermissionSet,
						PermissionSet: q.PermissionSetName, AccountID: c.Resolver.AccountID}
					if ch, ok := rec.Check(CheckIdentityCenter); ok {
						rec.Reason = ch.Reason
					}
				}
				out = append(out, rec)
			}
		}
	}
	return out
}

// candidatesOf groups the account's assignments by permission set.
func candidatesOf(asg []identitycenter.Assignment) []*candidate {
	by := map[string]*candidate{}
	var out []*candidate
	for _, a := range asg {
		cd := by[a.PermissionSetARN]
		if cd == nil {
			cd = &candidate{arn: a.PermissionSetARN}
			by[a.PermissionSetARN] = cd
			out = append(out, cd)
		}
		if a.PrincipalType == identitycenter.PrincipalGroup {
			cd.groups = append(cd.groups, a.PrincipalID)
		} else {
			cd.users = append(cd.users, a.PrincipalID)
		}
	}
	return out
}

// readCandidate reads a permission set's definition (SSO Admin) and its
// policies in the target's account (IAM), and finds its provisioned role.
func (c *Checker) readCandidate(ctx context.Context, ic IdentityCenter, cd *candidate, roles map[string]gather.ReservedRole, roleErr error) {
	ps, err := ic.Dir.PermissionSet(ctx, ic.Instance.ARN, cd.arn)
	cd.name = ps.Name
	if cd.name == "" {
		cd.name = cd.arn[strings.LastIndexByte(cd.arn, '/')+1:]
	}
	switch {
	case err != nil:
		cd.err = err
		return
	case roleErr != nil:
		cd.err = roleErr
		return
	}
	role, ok := roles[ps.Name]
	if !ok {
		cd.notProvisioned = true
		return
	}
	cd.role = role
	managed := append([]string(nil), ps.Managed...)
	for _, r := range ps.CustomerManaged {
		managed = append(managed, r.PolicyARN(c.Resolver.Partition, c.Resolver.AccountID))
	}
	boundary := ps.BoundaryARN
	if ps.BoundaryRef != nil {
		boundary = ps.BoundaryRef.PolicyARN(c.Resolver.Partition, c.Resolver.AccountID)
	}
	cd.policies, cd.err = c.Reader.PermissionSet(ctx, gather.PermissionSetPolicies{Role: role.Name, Inline: ps.Inline, Managed: managed, BoundaryARN: boundary})
}

// inputsFor are base's inputs as a session of the candidate's role: for a
// user, the session Identity Center starts, named after the user, so
// aws:userid is ROLEID:username and aws:PrincipalArn the role's ARN with its
// path (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable).
func inputsFor(base *Inputs, cd *candidate, user string, tags map[string]string, known bool) *Inputs {
	in := *base
	in.Policies, in.PoliciesErr = cd.policies, cd.err
	in.Principal.PermissionSet, in.Principal.RoleARN = cd.name, cd.role.ARN
	in.Principal.AccountID = accountOf(cd.role.ARN, base.Principal.AccountID)
	in.PrincipalARN = cd.role.ARN
	in.EvalARN, in.SessionName, in.UserID = cd.role.ARN, "", ""
	if user != "" && cd.role.ARN != "" {
		acct := in.Principal.AccountID
		in.EvalARN = "arn:" + in.Partition + ":sts::" + acct + ":assumed-role/" + cd.role.Name + "/" + user
		in.SessionName, in.UserID = user, cd.role.ID+":"+user
	}
	in.Principal.ARN = in.EvalARN
	in.PrincipalTags, in.TagsKnown = tags, known
	return &in
}

func accountOf(roleARN, fallback string) string {
	parts := strings.Split(roleARN, ":")
	if len(parts) > 4 && parts[4] != "" {
		return parts[4]
	}
	return fallback
}

// notProvisioned is the answer for a permission set without a role in the account.
func (c *Checker) notProvisioned(base *Inputs, cd *candidate, ts TargetState, d SessionDoc) AccessCheck {
	reason := "permission set " + cd.name + " is not provisioned to account " + c.Resolver.AccountID +
		" (no AWSReservedSSO_" + cd.name + "_* role there): nobody can use it in this account"
	ss := check.New(CheckStartSession, titleStartSession, check.Fail, reason).WithFixes(check.Fix{
		Text:  "assign permission set " + cd.name + " to the user or a group in account " + c.Resolver.AccountID + " (Identity Center provisions it then), or provision it",
		Where: "IAM Identity Center, AWS accounts"})
	rec := New(base.Principal, targetRef(ts), d.Session)
	return finish(rec, []check.Check{base.Credentials, ss, targetCheck(ts, c.Connection)}, false)
}

// permissionSetRecord answers --as-permission-set: the permission set on
// its own, as its role (no user: the session name is not known).
func (c *Checker) permissionSetRecord(base *Inputs, cd *candidate, s Subject, ts TargetState, d SessionDoc) AccessCheck {
	var rec AccessCheck
	if cd.notProvisioned {
		rec = c.notProvisioned(base, cd, ts, d)
	} else {
		rec = Decide(inputsFor(base, cd, "", s.Tags, s.TagsGiven), ts, d, nil, Options{ConnectionAsked: c.Connection, Lifecycle: c.Lifecycle})
	}
	rec.Principal = Principal{Profile: base.Principal.Profile, ARN: cd.role.ARN, Type: PrincipalPermissionSet,
		PermissionSet: cd.name, RoleARN: cd.role.ARN, AccountID: c.Resolver.AccountID}
	rec.PermissionSets = []PermissionSetResult{resultOf(cd, nil, rec)}
	return rec
}

// resultOf is one permission set's entry in a record.
func resultOf(cd *candidate, via []string, r AccessCheck) PermissionSetResult {
	res := PermissionSetResult{Name: cd.name, ARN: cd.arn, RoleARN: cd.role.ARN, Via: via, Permission: r.Permission,
		Decision: r.Decision, Reason: r.Reason, Checks: []check.Check{}}
	for _, ch := range r.Checks {
		switch ch.ID {
		case CheckCredentials, CheckTarget:
			continue // the record's own
		case CheckStartSession:
			res.Statements = statementsOf(ch)
		}
		res.Checks = append(res.Checks, ch)
	}
	return res
}

// statementsOf names the statements that decided a start-session check.
func statementsOf(ch check.Check) []string {
	ev, ok := ch.Evidence.(startSessionEvidence)
	if !ok {
		return nil
	}
	var out []string
	for _, r := range ev.Decision.Resources {
		for _, m := range r.Matched {
			s := m.Policy + "/" + m.Sid
			if m.Sid == "" {
				s = m.Policy + "/#" + strconv.Itoa(m.Index)
			}
			s = string(m.Effect) + " " + s + " on " + shortResource(r.ARN)
			if !contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

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

// groupFixes name the groups whose permission set would allow the session
// for this user: membership is requested in the external IdP when SCIM
// provisions the group (a change made in Identity Center would be
// overwritten by the next sync), else added in Identity Center.
func (u userCase) groupFixes(c *Checker, base *Inputs, others []*candidate, ts TargetState, d SessionDoc) []check.Fix {
	if ts.Target == nil {
		return nil
	}
	type offer struct {
		group identitycenter.Group
		set   string
	}
	var offers []offer
	for _, cd := range others {
		if cd.notProvisioned || cd.err != nil {
			continue
		}
		r := Decide(inputsFor(base, cd, u.user.UserName, u.tags, u.tagsKnown), ts, d, nil, Options{})
		if r.Permission != Allowed {
			continue
		}
		for _, g := range cd.groups {
			offers = append(offers, offer{group: u.groupInfo[g], set: cd.name})
		}
	}
	sort.SliceStable(offers, func(i, j int) bool { return offers[i].group.Name < offers[j].group.Name })
	var out []check.Fix
	for _, o := range offers {
		grants := "it grants permission set " + o.set + ", which allows this session"
		if iss := o.group.Issuer(); iss != "" {
			out = append(out, check.Fix{
				Text:  "request membership of group " + o.group.Name + " for " + u.user.UserName + " in " + iss + " (the group is provisioned from " + iss + " by SCIM; a change made in Identity Center would be overwritten): " + grants,
				Where: iss + " group " + o.group.Name})
			continue
		}
		out = append(out, check.Fix{
			Text:  "add " + u.user.UserName + " to group " + o.group.Name + " in IAM Identity Center: " + grants,
			Where: "IAM Identity Center group " + o.group.Name,
			Command: "aws identitystore create-group-membership --identity-store-id " + u.ic.Instance.IdentityStoreID +
				" --group-id " + o.group.ID + " --member-id UserId=" + u.user.ID})
	}
	return out
}

// tagFixes name the ABAC attributes the user has no value for, when a
// permission set's answer depends on that tag: Identity Center passes none.
func (u userCase) tagFixes(results []PermissionSetResult) []check.Fix {
	var said strings.Builder
	for _, r := range results {
		said.WriteString(strings.ToLower(r.Reason))
	}
	var out []check.Fix
	where := "IAM Identity Center"
	if iss := u.user.Issuer(); iss != "" {
		where = iss
	}
	for _, k := range u.missing {
		if !strings.Contains(said.String(), strings.ToLower("aws:PrincipalTag/"+k)) {
			continue
		}
		src := ""
		for _, a := range u.ic.Instance.Attributes {
			if a.Key == k {
				src = strings.Join(a.Sources, " or ")
			}
		}
		out = append(out, check.Fix{
			Text:  "set " + src + " for " + u.user.UserName + " in " + where + ": without a value Identity Center passes no " + k + " tag (aws:PrincipalTag/" + k + ")",
			Where: where + " user " + u.user.UserName})
	}
	return out
}
