package access

import (
	"context"
	"sync"

	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/record"
)

// Cell is one session kind's answer in a matrix row.
type Cell struct {
	Kind     Kind   `json:"kind"`
	Document string `json:"document"`
	Decision string `json:"decision"`
	// Reason explains anything but allowed, in one line.
	Reason string `json:"reason,omitempty"`
}

// MatrixRow is one target of ssm-canconnect --list: may the principal reach
// it with each session kind. It comes from batch calls and local
// evaluation only, so the connection state is not asked.
type MatrixRow struct {
	record.Header
	Principal Principal `json:"principal"`
	Target    TargetRef `json:"target"`
	Sessions  []Cell    `json:"sessions"`
	// Code is the worst exit code of the cells; not printed.
	Code int `json:"-"`
}

// TableHeader implements output.Record: rakkess-style, one column per kind.
func (m MatrixRow) TableHeader(wide bool) []string {
	h := []string{"profile", "target", "ping"}
	for _, c := range m.Sessions {
		h = append(h, string(c.Kind))
	}
	if wide {
		h = append(h, "why not")
	}
	return h
}

// TableRow implements output.Record.
func (m MatrixRow) TableRow(wide bool) []string {
	a := AccessCheck{Principal: m.Principal, Target: m.Target}
	row := []string{a.principalLabel(), a.targetLabel(), output.Dash(m.Target.PingStatus)}
	why := ""
	for _, c := range m.Sessions {
		row = append(row, word(c.Decision))
		if why == "" && c.Decision != Allowed {
			why = string(c.Kind) + ": " + c.Reason
		}
	}
	if wide {
		row = append(row, output.Dash(why))
	}
	return row
}

// word is how a cell reads: yes, no or unknown.
func word(decision string) string {
	switch decision {
	case Allowed:
		return "yes"
	case Denied:
		return "no"
	}
	return "unknown"
}

// RecordName is the target id.
func (m MatrixRow) RecordName() string { return output.Dash(m.Target.ID) }

// List decides every session for every instance and managed node in the
// account and region: two listings by page, the subject's policies once,
// then local evaluation only.
func (c *Checker) List(ctx context.Context, s Subject, sessions []Session) ([]MatrixRow, error) {
	var (
		in      *Inputs
		docs    []SessionDoc
		targets []TargetState
		listErr error
		wg      sync.WaitGroup
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		docs = c.Documents(ctx, sessions)
		in = c.Gather(ctx, s, docs)
	}()
	go func() {
		defer wg.Done()
		all, err := c.Resolver.All(ctx)
		listErr = err
		for i := range all {
			targets = append(targets, TargetState{Spec: all[i].ID, Target: &all[i], Account: c.Resolver.AccountID, Region: c.Resolver.Region})
		}
	}()
	wg.Wait()
	if listErr != nil {
		return nil, listErr
	}
	rows := make([]MatrixRow, len(targets))
	for i, ts := range targets {
		row := MatrixRow{Header: record.NewHeader(record.KindAccessMatrix), Principal: in.Principal, Target: targetRef(ts)}
		for _, d := range docs {
			a := Decide(in, ts, d, nil, Options{})
			row.Sessions = append(row.Sessions, Cell{Kind: d.Session.Kind, Document: d.Session.Document, Decision: a.Decision, Reason: a.Reason})
			row.Code = exitcode.Worst(row.Code, a.Code)
		}
		rows[i] = row
	}
	return rows, nil
}
