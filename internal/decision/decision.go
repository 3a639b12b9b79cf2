// Package decision is the Decision record: one policy evaluation (a request,
// its decision per resource, the statements and conditions that made it, the
// fix) as ssm-canconnect prints it, from offline simulation today and from the
// live check next. The evaluation itself is package policy's.
package decision

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/record"
)

// NotEvaluated is the decision of a request that could not be evaluated
// (an invalid policy, a bad ARN): the record's message says why.
const NotEvaluated = "error"

// Decision is the record of one evaluated request.
type Decision struct {
	record.Header
	ID                 json.RawMessage         `json:"id,omitempty"`
	Decision           string                  `json:"decision"`
	Principal          string                  `json:"principal,omitempty"`
	Action             string                  `json:"action,omitempty"`
	Resources          []policy.ResourceResult `json:"resources"`
	MissingContextKeys []string                `json:"missingContextKeys"`
	Message            string                  `json:"message,omitempty"`
}

// New builds the record for an evaluated request; id is the caller's name
// for it (a --batch case's id), or nil.
func New(id json.RawMessage, req policy.Request, res policy.Result) Decision {
	return Decision{
		Header:             record.NewHeader(record.KindDecision),
		ID:                 id,
		Decision:           string(res.Decision),
		Principal:          req.Principal,
		Action:             req.Action,
		Resources:          res.Resources,
		MissingContextKeys: res.MissingContextKeys,
	}
}

// Failed is the record for a request that cannot be evaluated.
func Failed(id json.RawMessage, err error) Decision {
	return Decision{
		Header:             record.NewHeader(record.KindDecision),
		ID:                 id,
		Decision:           NotEvaluated,
		Resources:          []policy.ResourceResult{},
		MissingContextKeys: []string{},
		Message:            err.Error(),
	}
}

// ExitCode maps the decision to the documented exit codes.
func (d Decision) ExitCode() int {
	switch d.Decision {
	case string(policy.Allowed):
		return exitcode.OK
	case NotEvaluated:
		return exitcode.Usage
	}
	return exitcode.No
}

// TableHeader names the columns; wide adds what decided and the missing keys.
func (d Decision) TableHeader(wide bool) []string {
	h := []string{"id", "decision", "action", "resource", "why", "fix"}
	if wide {
		h = append(h, "statements", "missing keys")
	}
	return h
}

// TableRow reads in seconds: the decision, the resources, and the one
// sentence that explains it (the first failed condition when there is one).
func (d Decision) TableRow(wide bool) []string {
	row := []string{d.idText(), d.Decision, output.Dash(d.Action), d.resourceText(wide), d.why(), d.fix()}
	if wide {
		var stmts []string
		for _, r := range d.Resources {
			for _, m := range r.Matched {
				stmts = append(stmts, statementRef(m))
			}
		}
		row = append(row, output.Dash(strings.Join(stmts, ", ")), output.Dash(strings.Join(d.MissingContextKeys, ", ")))
	}
	return row
}

// RecordName is the case id, or the decision when there is none.
func (d Decision) RecordName() string {
	if id := d.idText(); id != "-" {
		return id
	}
	return d.Decision
}

func (d Decision) idText() string {
	if len(d.ID) == 0 || string(d.ID) == "null" {
		return "-"
	}
	var s string
	if json.Unmarshal(d.ID, &s) == nil {
		return s
	}
	return string(d.ID)
}

// resourceText lists the resources (just their resource part unless wide),
// with each one's decision when they differ.
func (d Decision) resourceText(wide bool) string {
	var parts []string
	for _, r := range d.Resources {
		s := r.ARN
		if a, err := arn.Parse(s); err == nil && !wide {
			s = a.Resource
		}
		if string(r.Decision) != d.Decision {
			s += " (" + string(r.Decision) + ")"
		}
		parts = append(parts, s)
	}
	return output.Dash(strings.Join(parts, ", "))
}

// why explains the worst resource's decision; when every resource is
// allowed, it names the statement that allowed each one (the instance's and
// the document's differ in a typical Session Manager policy).
func (d Decision) why() string {
	if d.Decision == NotEvaluated {
		return d.Message
	}
	if d.Decision == string(policy.Allowed) {
		var reasons []string
		for _, r := range d.Resources {
			if !slices.Contains(reasons, r.Reason) {
				reasons = append(reasons, r.Reason)
			}
		}
		return output.Dash(strings.Join(reasons, "; "))
	}
	for _, r := range d.Resources {
		if string(r.Decision) != d.Decision {
			continue
		}
		s := r.Reason
		if d.Decision == string(policy.ExplicitDeny) {
			return s // the deny decides: failed Allow conditions are beside the point
		}
		if len(r.FailedConditions) > 0 {
			fc := r.FailedConditions[0]
			s += "; " + fc.Policy + " " + sidOrIndex(fc.Sid, fc.Index) + " needs " + fc.Operator + " " +
				fc.Key + " " + strings.Join(fc.Values, " or ") + ", but " + fc.Reason
		}
		if len(d.MissingContextKeys) > 0 {
			s += "; missing context: " + strings.Join(d.MissingContextKeys, ", ")
		}
		return s
	}
	return "-"
}

// fix is what to change for the worst resource ("-" when allowed).
func (d Decision) fix() string {
	for _, r := range d.Resources {
		if string(r.Decision) == d.Decision && r.Fix != "" {
			return r.Fix
		}
	}
	return "-"
}

func statementRef(m policy.Match) string {
	return string(m.Effect) + " " + m.Policy + " " + sidOrIndex(m.Sid, m.Index)
}

func sidOrIndex(sid string, index int) string {
	if sid != "" {
		return sid
	}
	return "#" + strconv.Itoa(index)
}
