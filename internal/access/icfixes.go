package access

import (
	"sort"
	"strings"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/identitycenter"
)

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
