package access

import (
	"context"
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
	pre := c.prefetchConnections(ctx, specs)
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
	states := c.states(ctx, matches, pre)
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
