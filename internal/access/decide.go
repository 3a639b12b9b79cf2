package access

import (
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/target"
)

// Options say which optional checks a decision includes.
type Options struct {
	// ConnectionAsked is true when ts.Connection holds GetConnectionStatus'
	// answer (not in --list, which makes no per-target call).
	ConnectionAsked bool
	// Lifecycle adds the session-lifecycle warnings.
	Lifecycle bool
}

// Decide evaluates one principal (in) against one target and session. It is
// pure: every AWS answer, or the error that replaced it, is in its inputs.
// sim is AWS's simulator's answer for the request, nil when not asked.
func Decide(in *Inputs, ts TargetState, doc SessionDoc, sim *Simulated, o Options) AccessCheck {
	rec := New(in.Principal, targetRef(ts), doc.Session)
	checks := []check.Check{in.Credentials}
	if in.Credentials.Status == check.Fail || in.Credentials.Status == check.Unknown {
		// Nothing else can be asked without working credentials.
		return finish(rec, checks, false)
	}
	tc := targetCheck(ts, o.ConnectionAsked)
	if ts.Target == nil {
		checks = append(checks, tc)
		return finish(rec, checks, false)
	}
	ss, _, res := in.startSession(ts.Target, doc.Session, sim)
	checks = append(checks, ss, in.encryption(ts.Target, doc))
	if o.Lifecycle {
		checks = append(checks, in.lifecycle(ts.Target))
	}
	checks = append(checks, tc)
	agree := true
	if sim != nil && in.PoliciesErr == nil {
		var sc check.Check
		sc, agree = simulatorCheck(sim, res)
		checks = append(checks, sc)
	}
	return finish(rec, checks, !agree)
}

// finish sets the permission, the decision, the reason, the fixes and the
// exit code from the checks.
func finish(rec AccessCheck, checks []check.Check, disagree bool) AccessCheck {
	rec.Checks = checks
	byID := func(ids ...string) []check.Check {
		var out []check.Check
		for _, c := range checks {
			for _, id := range ids {
				if c.ID == id {
					out = append(out, c)
				}
			}
		}
		return out
	}
	permChecks := byID(CheckCredentials, CheckStartSession, CheckEncryption)
	rec.Permission = answer(check.WorstOf(permChecks))
	creds := byID(CheckCredentials)
	credsFailed := len(creds) == 1 && creds[0].Status == check.Fail
	if credsFailed {
		// Not a no: nothing was asked yet. Log in first (exit 4), or fix the profile (exit 2).
		rec.Permission = Unknown
	}
	if len(byID(CheckStartSession)) == 0 && rec.Permission == Allowed {
		rec.Permission = Unknown // the target was never found: nothing was evaluated
	}
	if disagree && rec.Permission != Denied {
		permChecks = append(permChecks, byID(CheckSimulator)...)
		rec.Permission = Unknown
	}
	targetStatus := check.WorstOf(byID(CheckTarget))
	switch {
	case credsFailed:
		rec.Decision = Unknown
	case rec.Permission == Denied || targetStatus == check.Fail:
		rec.Decision = Denied
	case rec.Permission == Unknown || targetStatus == check.Unknown:
		rec.Decision = Unknown
	default:
		rec.Decision = Allowed
	}
	rec.Reason = reason(rec.Decision, append(permChecks, byID(CheckTarget)...), checks)
	for _, want := range []check.Status{check.Fail, check.Unknown, check.Warn} {
		for _, c := range checks {
			if c.Status == want {
				rec.Fixes = append(rec.Fixes, c.Fixes...)
			}
		}
	}
	rec.Code = codeFor(rec.Decision, checks)
	return rec
}

// answer maps the worst check status to allowed, denied or unknown.
func answer(s check.Status) string {
	switch s {
	case check.Fail:
		return Denied
	case check.Unknown, check.Warn:
		return Unknown
	}
	return Allowed
}

// reason is the first reason that explains the decision: the first failing
// check for a denial, the first unknown one, else what allowed it.
func reason(decision string, deciding, all []check.Check) string {
	want := map[string]check.Status{Denied: check.Fail, Unknown: check.Unknown}[decision]
	if decision == Unknown {
		for _, c := range deciding {
			if c.Status == check.Unknown || c.Status == check.Warn || c.Status == check.Fail {
				return c.Reason
			}
		}
	}
	for _, c := range deciding {
		if c.Status == want {
			return c.Reason
		}
	}
	for _, c := range all {
		if c.ID == CheckStartSession {
			return c.Reason
		}
	}
	return "-"
}

// targetRef is the record's view of the target.
func targetRef(ts TargetState) TargetRef {
	ref := TargetRef{Spec: ts.Spec, Account: ts.Account, Region: ts.Region, Connection: ts.Connection}
	if ts.Target == nil {
		return ref
	}
	t := ts.Target
	ref.ID, ref.Name, ref.Account, ref.Region, ref.Platform, ref.State = t.ID, t.Name, t.AccountID, t.Region, t.Platform, t.State
	if ref.Spec == t.ID {
		ref.Spec = ""
	}
	if t.Node != nil {
		ref.PingStatus = t.Node.PingStatus
		if t.Node.PlatformName != "" {
			ref.Platform = t.Node.PlatformName
		}
	}
	return ref
}

// DocFor is what is known of a session's document without reading it: the
// session type of AWS's documents and the default shell document.
func DocFor(s Session) SessionDoc {
	st, _ := KnownSessionType(s.Document)
	return SessionDoc{Session: s, SessionType: st}
}

// Label names a target for messages: "i-0abc (web-01)".
func Label(t *target.Target) string { return output.Dash(t.Label()) }
