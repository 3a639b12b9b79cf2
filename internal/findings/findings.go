// Package findings folds AccessCheck records (ssm-canconnect) and Readiness
// records (ssm-readiness) into one report a person hands to whoever approves
// the change: a verdict per user and per component, each gap with its
// evidence and the exact change, the order to fix things in, and the access
// path drawn as a Mermaid flowchart. Pure: no I/O, no clock.
package findings

import (
	"strconv"
	"strings"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/readiness"
)

// Status is a finding's outcome: the check model's (internal/check).
type Status = check.Status

// The statuses, best to worst.
const (
	Skip    = check.Skip
	Pass    = check.Pass
	Warn    = check.Warn
	Unknown = check.Unknown
	Fail    = check.Fail
)

func worse(a, b Status) Status {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

// Components, in the order the report lists them: from the person at the
// keyboard to the instance and what the session writes to.
const (
	CompSignIn     = "sign-in"
	CompPermission = "permission set"
	CompInstance   = "instance"
	CompRole       = "instance role"
	CompNetwork    = "network"
	CompKMS        = "KMS key"
	CompLogging    = "session logging"
	CompPrefs      = "session preferences"
	CompLocal      = "this machine"
)

var componentOrder = []string{CompSignIn, CompPermission, CompInstance, CompRole, CompNetwork, CompKMS, CompLogging, CompPrefs, CompLocal}

// accessComponent maps an AccessCheck check id to its component.
func accessComponent(id string) string {
	switch id {
	case access.CheckCredentials:
		return CompSignIn
	case access.CheckEncryption:
		return CompKMS
	case access.CheckTarget:
		return CompInstance
	}
	return CompPermission // start-session, session-lifecycle, aws-simulator
}

// readinessComponent maps a Readiness check id to its component.
func readinessComponent(id string) string {
	switch {
	case strings.HasPrefix(id, "local."):
		return CompLocal
	case id == "agent-identity":
		return CompRole
	case id == "network":
		return CompNetwork
	case id == "session-kms":
		return CompKMS
	case id == "session-logging":
		return CompLogging
	case id == "session-run-as" || strings.HasPrefix(id, "account."):
		return CompPrefs
	}
	return CompInstance // instance, managed, agent, hybrid-tier, expect-tag
}

// Input is what the report is built from, in the order the tools printed it.
type Input struct {
	Access    []access.AccessCheck
	Readiness []readiness.Readiness
}

// Report is the folded answer.
type Report struct {
	// Verdict is the one-line answer to "can they get in".
	Verdict string
	// Users is one row per user x target x session kind.
	Users []UserVerdict
	// Components is one row per component that any record spoke about.
	Components []ComponentVerdict
	// Steps is the interpretation: which case this is and what to do first.
	Steps []Step
	// Gaps is every check that is not pass or skip, merged across users.
	Gaps []Gap
	// Path is the access path as a graph.
	Path Graph
}

// UserVerdict is one AccessCheck's answer.
type UserVerdict struct {
	User, Target, Session string
	Answer                Status // pass: can connect; fail: cannot; unknown
	Reason                string
}

// ComponentVerdict is the worst status any check gave a component.
type ComponentVerdict struct {
	Component string
	Status    Status
	Reason    string // the worst check's reason
}

// Gap is one problem: where, why, the evidence, and the exact change.
type Gap struct {
	Component string
	Status    Status
	Check     string   // the check id
	Who       []string // users or targets it applies to
	Reason    string
	Where     string   // the policy or resource to change, when known
	Changes   []string // the exact changes (statements, commands), printed, never applied
	Evidence  any
}

// Build folds the records into a report.
func Build(in Input) Report {
	var r Report
	comps := map[string]*ComponentVerdict{}
	note := func(comp string, s Status, reason string) {
		if s == Skip {
			return
		}
		c := comps[comp]
		if c == nil {
			c = &ComponentVerdict{Component: comp, Status: s, Reason: reason}
			comps[comp] = c
			return
		}
		if s.Rank() > c.Status.Rank() {
			c.Status, c.Reason = s, reason
		}
	}
	gaps := newGapSet()
	for _, a := range in.Access {
		user := userLabel(a)
		r.Users = append(r.Users, UserVerdict{User: user, Target: targetLabel(a.Target.ID, a.Target.Name, a.Target.Spec),
			Session: string(a.Session.Kind), Answer: decisionStatus(a.Decision), Reason: a.Reason})
		for _, c := range a.Checks {
			comp := accessComponent(c.ID)
			note(comp, Status(c.Status), c.Reason)
			if c.Status == check.Pass || c.Status == check.Skip {
				continue
			}
			g := gapOf(comp, c)
			if c.ID == access.CheckStartSession {
				g = withRecordFixes(g, a)
			}
			who := user
			if c.ID == access.CheckTarget {
				who = targetLabel(a.Target.ID, a.Target.Name, a.Target.Spec)
			}
			gaps.add(g, who)
		}
	}
	for _, rd := range in.Readiness {
		who := readinessLabel(rd)
		for _, c := range rd.Checks {
			comp := readinessComponent(c.ID)
			note(comp, Status(c.Status), c.Reason)
			if c.Status == readiness.Pass || c.Status == readiness.Skip {
				continue
			}
			gaps.add(gapOf(comp, c), who)
		}
	}
	for _, name := range componentOrder {
		if c := comps[name]; c != nil {
			r.Components = append(r.Components, *c)
		}
	}
	r.Gaps = gaps.sorted()
	r.Steps = interpret(r)
	r.Verdict = verdict(r)
	r.Path = buildGraph(in)
	return r
}

// gapOf is a check that is not pass: its reason, evidence and the exact
// changes it names, or, for an unknown one, the permission that would decide it.
func gapOf(comp string, c check.Check) Gap {
	g := Gap{Component: comp, Status: Status(c.Status), Check: c.ID, Reason: c.Reason, Evidence: c.Evidence}
	for _, f := range c.Fixes {
		g.Changes = append(g.Changes, fixText(f))
		if g.Where == "" {
			g.Where = f.Where
		}
	}
	if c.Status == check.Unknown && c.Permission != "" && len(g.Changes) == 0 {
		g.Changes = append(g.Changes, "grant the investigator "+c.Permission+" (read-only) and run again")
	}
	return g
}

// withRecordFixes adds the record's own fixes that no check carries (for an
// Identity Center user: the groups whose membership would grant a permission
// set that allows the session) to its start-session gap, first.
func withRecordFixes(g Gap, a access.AccessCheck) Gap {
	carried := map[string]bool{}
	for _, c := range a.Checks {
		for _, f := range c.Fixes {
			carried[fixText(f)] = true
		}
	}
	var extra, where []string
	for _, f := range a.Fixes {
		if t := fixText(f); !carried[t] && f.Command == "" {
			extra = append(extra, t)
			if f.Where != "" {
				where = append(where, f.Where)
			}
		}
	}
	if len(where) > 0 {
		if g.Where != "" {
			where = append(where, g.Where)
		}
		g.Where = strings.Join(where, "; or ")
	}
	g.Changes = append(extra, g.Changes...)
	return g
}

func decisionStatus(decision string) Status {
	switch decision {
	case access.Allowed:
		return Pass
	case access.Denied:
		return Fail
	}
	return Unknown
}

func fixText(f check.Fix) string {
	if f.Command != "" {
		return f.Command
	}
	return f.Text
}

// userLabel names the person behind an AccessCheck: the Identity Center
// user (the role session name of an AWSReservedSSO role) and the profile.
func userLabel(a access.AccessCheck) string {
	p := a.Principal
	if p.User != nil { // --as-user: the Identity Center user
		if p.User.DisplayName != "" {
			return p.User.UserName + " (" + p.User.DisplayName + ")"
		}
		return p.User.UserName
	}
	if p.Type == access.PrincipalPermissionSet {
		return "permission set " + p.PermissionSet
	}
	name := ""
	if p.Type == "sso" {
		if i := strings.LastIndexByte(p.ARN, '/'); i >= 0 {
			name = p.ARN[i+1:]
		}
	}
	switch {
	case name != "" && p.Profile != "":
		return name + " (profile " + p.Profile + ")"
	case name != "":
		return name
	case p.Type == "role" && p.ARN != "":
		return "role " + p.ARN[strings.LastIndexByte(p.ARN, '/')+1:]
	case p.Profile != "":
		return "profile " + p.Profile
	}
	return "default credentials"
}

func targetLabel(id, name, spec string) string {
	switch {
	case id != "" && name != "":
		return id + " (" + name + ")"
	case id != "":
		return id
	case spec != "":
		return spec
	}
	return "-"
}

func readinessLabel(r readiness.Readiness) string {
	switch r.Scope {
	case readiness.ScopeLocal:
		return "this machine"
	case readiness.ScopeAccount:
		return "account " + r.Target.Account + " (" + r.Target.Region + ")"
	}
	return targetLabel(r.Target.ID, r.Target.Name, "")
}

func verdict(r Report) string {
	yes := 0
	for _, u := range r.Users {
		if u.Answer == Pass {
			yes++
		}
	}
	worst := Skip
	for _, c := range r.Components {
		worst = worse(worst, c.Status)
	}
	switch {
	case len(r.Users) == 0 && worst == Fail:
		return "not ready"
	case len(r.Users) == 0 && worst == Unknown:
		return "could not tell"
	case len(r.Users) == 0:
		return "ready"
	case yes == len(r.Users) && worst != Fail:
		return "ready: every user can start the session"
	}
	return "not ready: " + strconv.Itoa(yes) + " of " + strconv.Itoa(len(r.Users)) + " user x target answers are yes"
}
