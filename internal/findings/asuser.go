package findings

import (
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/check"
)

// PermissionSetVerdict is one permission set of an Identity Center user
// (ssm-canconnect --as-user), judged on its own: a user picks one per
// session, so the user gets in when any of them allows it.
type PermissionSetVerdict struct {
	User, Target, PermissionSet, Via string
	Answer                           Status
	Reason                           string
}

// icUserLabel names an --as-user record by the Identity Center user, not
// the profile that read it.
func icUserLabel(a access.AccessCheck) (string, bool) {
	u := a.Principal.User
	if u == nil || u.UserName == "" {
		return "", false
	}
	if u.ExternalIssuer != "" {
		return u.UserName + " (Identity Center, from " + u.ExternalIssuer + ")", true
	}
	return u.UserName + " (Identity Center)", true
}

func permissionSetVerdicts(a access.AccessCheck, user string) []PermissionSetVerdict {
	var out []PermissionSetVerdict
	for _, ps := range a.PermissionSets {
		out = append(out, PermissionSetVerdict{User: user, Target: targetLabel(a.Target.ID, a.Target.Name, a.Target.Spec),
			PermissionSet: ps.Name, Via: strings.Join(ps.Via, ", "), Answer: decisionStatus(ps.Permission), Reason: ps.Reason})
	}
	return out
}

// recordFixes are the record's fixes no check carries: for --as-user, the
// group to request and where its membership is managed, which come first.
func recordFixes(a access.AccessCheck) []check.Fix {
	inChecks := map[string]bool{}
	for _, c := range a.Checks {
		for _, f := range c.Fixes {
			inChecks[fixText(f)] = true
		}
	}
	var out []check.Fix
	for _, f := range a.Fixes {
		if f.Where != "" && !inChecks[fixText(f)] {
			out = append(out, f)
		}
	}
	return out
}

// permissionSetsMarkdown is the per-permission-set table, when any record
// has one.
func (r Report) permissionSetsMarkdown(b *strings.Builder) {
	if len(r.PermissionSets) == 0 {
		return
	}
	b.WriteString("## Verdict per user and permission set\n\n| user | target | permission set | assigned through | may start the session | why |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, p := range r.PermissionSets {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", md(p.User), md(p.Target), md(p.PermissionSet), md(p.Via), answerWord(p.Answer), md(p.Reason))
	}
	b.WriteString("\n")
}

// groupEdges draws, for an --as-user record, user -> group -> the
// permission set shown, when the user has it through a group, and a failed
// membership edge to the group a fix asks the user to join. It returns the
// node the permission set's assignment hangs from.
func (b *graphBuilder) groupEdges(a access.AccessCheck, user, ps string, s Status) string {
	if a.Principal.User == nil {
		return user
	}
	for _, f := range recordFixes(a) {
		if i := strings.Index(f.Where, "group "); i >= 0 && strings.HasPrefix(f.Text, "request membership") {
			g := f.Where[i+len("group "):]
			b.edge(user, b.node("group/"+g, "group "+g), "member: request it", Fail)
			break
		}
	}
	for _, p := range a.PermissionSets {
		if p.Name != ps {
			continue
		}
		for _, via := range p.Via {
			if g, ok := strings.CutPrefix(via, "group "); ok {
				gn := b.node("group/"+g, "group "+g)
				b.edge(user, gn, "member", s)
				return gn
			}
		}
	}
	return user
}
