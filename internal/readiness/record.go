package readiness

import (
	"fmt"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/check"
	"slices"
	"strings"

	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/record"
)

// Verdict is a Readiness record's answer.
type Verdict string

// The verdicts.
const (
	Ready    Verdict = "ready"
	NotReady Verdict = "not-ready"
	Unsure   Verdict = "unknown"
)

// The scopes a Readiness record answers for.
const (
	ScopeTarget  = "target"
	ScopeAccount = "account" // account-wide findings, once per account and region
	ScopeLocal   = "local"   // this machine
)

// TargetRef names what a record is about; self-contained so a later tool
// (a findings report) needs nothing else.
type TargetRef struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name,omitempty"`
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	Profile string `json:"profile,omitempty"`
}

// Readiness is the record ssm-readiness prints: one per target, one per
// account and region for the account-wide findings the targets reference,
// and one for this machine (--local).
type Readiness struct {
	record.Header
	Scope   string    `json:"scope"`
	Target  TargetRef `json:"target"`
	Verdict Verdict   `json:"verdict"`
	Checks  []Check   `json:"checks"`
	// AccountRef names the account record (scope account) whose findings
	// this target shares: "account/ACCOUNT/REGION".
	AccountRef string `json:"accountRef,omitempty"`
	// Fixes gathers the checks' fixes, in check order, without repeats.
	Fixes []string `json:"fixes,omitempty"`
}

// NewReadiness builds a record from its checks: the verdict and fixes follow.
func NewReadiness(scope string, t TargetRef, checks []Check) Readiness {
	r := Readiness{Header: record.NewHeader(record.KindReadiness), Scope: scope, Target: t, Checks: checks}
	worst := Pass
	for _, c := range checks {
		worst = check.Worst(worst, c.Status)
		for _, f := range c.Fixes {
			if l := fixLine(f); !slices.Contains(r.Fixes, l) {
				r.Fixes = append(r.Fixes, l)
			}
		}
	}
	switch worst {
	case Fail:
		r.Verdict = NotReady
	case Unknown:
		r.Verdict = Unsure
	default:
		r.Verdict = Ready
	}
	return r
}

// ExitCode maps the verdict to the documented exit codes.
func (r Readiness) ExitCode() int {
	for _, c := range r.Checks {
		if c.Status == Unknown && (c.Class == awsclient.ClassSSOLogin || c.Class == awsclient.ClassCredentials) {
			return exitcode.Credentials // the login expired mid-run: log in first
		}
	}
	switch r.Verdict {
	case Ready:
		return exitcode.OK
	case NotReady:
		return exitcode.No
	}
	return exitcode.Unknown
}

// FirstProblem is the first failing check, else the first unknown one, else
// the first warning: what the table shows.
func (r Readiness) FirstProblem() (Check, bool) {
	for _, s := range []Status{Fail, Unknown, Warn} {
		for _, c := range r.Checks {
			if c.Status == s {
				return c, true
			}
		}
	}
	return Check{}, false
}

// TableHeader implements output.Record.
func (r Readiness) TableHeader(wide bool) []string {
	h := []string{"target", "name", "account", "region", "verdict", "problem"}
	if wide {
		h = append(h, "checks", "fix")
	}
	return h
}

// TableRow implements output.Record.
func (r Readiness) TableRow(wide bool) []string {
	problem := "-"
	fix := "-"
	if c, ok := r.FirstProblem(); ok {
		problem = c.ID + ": " + c.Reason
		if len(c.Fixes) > 0 {
			fix = fixLine(c.Fixes[0])
		}
	}
	row := []string{r.label(), output.Dash(r.Target.Name), output.Dash(r.Target.Account), output.Dash(r.Target.Region), string(r.Verdict), problem}
	if wide {
		var cs []string
		for _, c := range r.Checks {
			cs = append(cs, c.ID+"="+string(c.Status))
		}
		row = append(row, strings.Join(cs, " "), fix)
	}
	return row
}

func (r Readiness) label() string {
	switch r.Scope {
	case ScopeLocal:
		return "(this machine)"
	case ScopeAccount:
		return "(account)"
	}
	return output.Dash(r.Target.ID)
}

// RecordName implements output.Record: the target id, "account/ID/REGION" or "local".
func (r Readiness) RecordName() string {
	switch r.Scope {
	case ScopeLocal:
		return "local"
	case ScopeAccount:
		return "account/" + r.Target.Account + "/" + r.Target.Region
	}
	return r.Target.ID
}

// Markdown is the report a person pastes into a ticket: a heading, the
// verdict, one row per check (id, status, reason, fix) and every fix as a
// code block.
func (r Readiness) Markdown() string {
	var b strings.Builder
	title := r.Target.ID
	switch r.Scope {
	case ScopeLocal:
		title = "This machine"
	case ScopeAccount:
		title = "Account " + r.Target.Account + " (" + r.Target.Region + ")"
	}
	if r.Target.Name != "" {
		title += " (" + r.Target.Name + ")"
	}
	fmt.Fprintf(&b, "## %s: %s\n\n", mdEscape(title), r.Verdict)
	if r.Scope == ScopeTarget {
		fmt.Fprintf(&b, "Account %s, region %s.\n\n", output.Dash(r.Target.Account), output.Dash(r.Target.Region))
	}
	b.WriteString("| check | status | reason |\n| --- | --- | --- |\n")
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", mdEscape(c.ID), c.Status, mdEscape(c.Reason))
	}
	if len(r.Fixes) > 0 {
		// Each fix once, under its check: a command in a code block to
		// paste, anything else (a policy statement to add) as a bullet.
		b.WriteString("\nWhat to change:\n\n")
		seen := map[string]bool{}
		for _, c := range r.Checks {
			for _, f := range c.Fixes {
				if seen[fixLine(f)] {
					continue
				}
				seen[fixLine(f)] = true
				fmt.Fprintf(&b, "- %s: %s\n", mdEscape(c.ID), mdEscape(f.Text))
				if f.Command != "" {
					fmt.Fprintf(&b, "\n  ```sh\n  %s\n  ```\n", strings.ReplaceAll(f.Command, "```", "'''"))
				}
			}
		}
	}
	b.WriteString("\n")
	return b.String()
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}
