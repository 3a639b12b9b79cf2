package main

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/record"
	"github.com/urfave/cli/v2"
)

// piped is what stdin gave: the AccessCheck records as they came (passed
// through unchanged, ARCHITECTURE.md "The record protocol"), and the profile
// a Profile or Identity record names.
type piped struct {
	checks  []passThrough
	profile string
}

// passThrough is an AccessCheck read from stdin: printed as the bytes it
// came as (so fields this version does not know survive), with the decoded
// record for tables and for the findings report.
type passThrough struct {
	raw json.RawMessage
	access.AccessCheck
}

func (p passThrough) MarshalJSON() ([]byte, error) { return p.raw, nil }

// exitCode is what the piped answer stands for: the record's own code is
// not serialised, so it follows from the decision.
func (p passThrough) exitCode() int {
	switch p.Decision {
	case access.Allowed:
		return exitcode.OK
	case access.Denied:
		return exitcode.No
	}
	return exitcode.Unknown
}

// readsStdin: records are read when stdin is a pipe or a file and no target
// is named, or when "-" asks for them (a ProxyCommand never blocks on a
// terminal).
func readsStdin(opts *options, s output.Streams) (bool, error) {
	dash := false
	args := opts.args[:0:0]
	for _, a := range opts.args {
		if a == "-" {
			dash = true
			continue
		}
		args = append(args, a)
	}
	opts.args = args
	if dash && s.In == nil {
		return false, cmdutil.Usagef("'-' reads records from stdin, but there is no stdin")
	}
	return dash || (s.InPiped && len(opts.args) == 0 && !opts.all), nil
}

// readPiped reads every record on stdin first, within --timeout, so bad
// input on any line is one error and no partial output (exit 2).
func readPiped(c *cli.Context, s output.Streams) (piped, error) {
	ctx, cancel := cmdutil.WithTimeout(c)
	defer cancel()
	var p piped
	var got piped
	err := cmdutil.UntilDone(ctx, func() error {
		err := record.Each(s.In, func(raw record.Raw) error {
			switch raw.Kind {
			case record.KindAccessCheck:
				var a access.AccessCheck
				if err := raw.Decode(&a); err != nil {
					return err
				}
				p.checks = append(p.checks, passThrough{raw: append(json.RawMessage(nil), raw.Data...), AccessCheck: a})
			case record.KindProfile, record.KindIdentity:
				var ref struct {
					Name    string `json:"name"`
					Profile string `json:"profile"`
				}
				if err := raw.Decode(&ref); err != nil {
					return err
				}
				name := ref.Name
				if raw.Kind == record.KindIdentity {
					name = ref.Profile
				}
				if p.profile == "" {
					p.profile = name
				} else if name != "" && name != p.profile {
					s.Notef("stdin line %d: %s names profile %s; ssm-readiness checks targets with one profile (%s)", raw.Line, raw.Kind, name, p.profile)
				}
			default:
				s.Notef("stdin line %d: skipping a %s record (ssm-readiness reads AccessCheck, Profile and Identity records)", raw.Line, raw.Kind)
			}
			return nil
		})
		if err == nil {
			got = p
		}
		return err
	})
	if errors.Is(err, context.DeadlineExceeded) {
		return piped{}, exitcode.New(exitcode.Unknown,
			"stdin was still open after --timeout %s: is the command before the pipe stuck? (name targets to not read stdin)", c.Duration(cmdutil.FlagTimeout))
	}
	if err != nil {
		return piped{}, err
	}
	return got, nil
}

// scope is one account and region the targets are checked in.
type scope struct{ profile, region string }

// group is the targets of one scope, in the order they first appear.
type group struct {
	scope
	specs []string
}

// groups turns the AccessCheck targets into target specs per profile and
// region: by id (the record resolved it), else what the user typed;
// each target once. The record's profile and region win over the flags,
// which fill in what a record leaves out.
func (p piped) groups(flagProfile, flagRegion string) []group {
	var out []group
	index := map[scope]int{}
	seen := map[scope]map[string]bool{}
	for _, a := range p.checks {
		sc := scope{profile: a.Principal.Profile, region: a.Target.Region}
		if sc.profile == "" {
			sc.profile = flagProfile
		}
		if sc.region == "" {
			sc.region = flagRegion
		}
		spec := a.Target.ID
		if spec == "" {
			spec = a.Target.Spec
		}
		if spec == "" {
			continue
		}
		i, ok := index[sc]
		if !ok {
			i = len(out)
			index[sc] = i
			out = append(out, group{scope: sc})
			seen[sc] = map[string]bool{}
		}
		if !seen[sc][spec] {
			seen[sc][spec] = true
			out[i].specs = append(out[i].specs, spec)
		}
	}
	return out
}

// sessions are the session kinds the piped answers asked about, each once.
func (p piped) sessions() []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range p.checks {
		k := string(a.Session.Kind)
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// accessChecks are the piped AccessCheck records, decoded.
func (p piped) accessChecks() []access.AccessCheck {
	out := make([]access.AccessCheck, len(p.checks))
	for i, a := range p.checks {
		out[i] = a.AccessCheck
	}
	return out
}
