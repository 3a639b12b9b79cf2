package main

import (
	"context"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/runas"
)

// list emits one matrix row per instance for subject s (--list).
func (r *runner) list(ctx context.Context, s runas.Subject, emit func(output.Record, int, *access.AccessCheck) error) error {
	if id, done := identity.Offline(s, r.d.now()); done {
		return r.emitFailed(id, emit)
	}
	p, err := r.prepare(ctx, s, checks{})
	if err != nil {
		return err
	}
	if p.checker == nil {
		return r.emitFailed(p.id, emit)
	}
	rows, err := p.checker.List(ctx, p.subject, r.o.sessions)
	if err != nil {
		c := check.FromError("list", "list the instances", err)
		code := exitcode.Unknown
		if c.Class.ExitCode() == exitcode.Credentials {
			code = exitcode.Credentials
		}
		return exitcode.New(code, "profile %s: cannot list the instances in %s: %s", p.id.Profile, p.checker.Resolver.Region, c.Reason)
	}
	if len(rows) == 0 {
		r.streams.Notef("profile %s: no instances or managed nodes in account %s, region %s", p.id.Profile, p.id.AccountID, p.checker.Resolver.Region)
	}
	for _, row := range rows {
		if err := emit(row, row.Code, nil); err != nil {
			return writeErr(err)
		}
	}
	return nil
}

// emitFailed reports a subject whose credentials do not work, with the fix.
func (r *runner) emitFailed(id identity.Identity, emit func(output.Record, int, *access.AccessCheck) error) error {
	rec := access.Decide(&access.Inputs{Principal: access.Principal{Profile: id.Profile}, Credentials: credentialsCheck(id)},
		access.TargetState{Spec: "*"}, access.DocFor(r.o.sessions[0]), nil, access.Options{})
	rec.Code = exitcode.Worst(rec.Code, id.Code)
	return emit(rec, rec.Code, &rec)
}
