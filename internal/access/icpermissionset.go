package access

import (
	"context"
	"strconv"
	"strings"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/identitycenter"
)

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
