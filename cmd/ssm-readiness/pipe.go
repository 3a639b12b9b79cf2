package main

import (
	"fmt"
	"slices"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/findings"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/readiness"
	"github.com/ssmkit/ssmkit/internal/record"
	"github.com/ssmkit/ssmkit/internal/sessionkind"
	"github.com/urfave/cli/v2"
)

// piped is what ssm-canconnect handed over on stdin: its AccessCheck
// records, whose targets ssm-readiness checks, and which -o markdown folds
// into one findings report with the Readiness records.
type piped struct {
	access []access.AccessCheck
}

// readPiped reads AccessCheck records from stdin when it is a pipe or a
// file, or when "-" is an argument; the targets they name join opts (the
// profile and region of the first record, unless --profile or --region say
// otherwise), and so do their session kinds. Other kinds are passed over
// with a note. Bad input is exit 2 with nothing printed.
func readPiped(s output.Streams, opts *options) (piped, error) {
	var p piped
	dash := slices.Contains(opts.args, "-")
	opts.args = slices.DeleteFunc(opts.args, func(a string) bool { return a == "-" })
	if !dash && !s.InPiped {
		return p, nil
	}
	skipped := map[string]int{}
	err := record.Each(s.In, func(r record.Raw) error {
		if r.Kind != record.KindAccessCheck {
			skipped[r.Kind]++
			return nil
		}
		var a access.AccessCheck
		if err := r.Decode(&a); err != nil {
			return err
		}
		p.access = append(p.access, a)
		return nil
	})
	if err != nil {
		return p, err
	}
	for kind, n := range skipped {
		s.Notef("passed over %d %s record(s) on stdin: ssm-readiness reads AccessCheck records (pipe ssm-canconnect)", n, kind)
	}
	for _, a := range p.access {
		if a.Target.ID != "" && !slices.Contains(opts.args, a.Target.ID) {
			opts.args = append(opts.args, a.Target.ID)
		}
		if opts.profile == "" {
			opts.profile = a.Principal.Profile
		}
		if opts.region == "" {
			opts.region = a.Target.Region
		}
		if f, ok := featureOf(string(a.Session.Kind)); ok && !slices.Contains(opts.sessions, f) {
			opts.sessions = append(opts.sessions, f)
		}
	}
	return p, nil
}

// featureOf is the agent feature a session kind needs.
func featureOf(k string) (readiness.Feature, bool) {
	switch sessionkind.Kind(k) {
	case sessionkind.Shell:
		return readiness.FeatureShell, true
	case sessionkind.SSH:
		return readiness.FeatureSSH, true
	case sessionkind.PortForward:
		return readiness.FeaturePortForwarding, true
	case sessionkind.RemotePortForward:
		return readiness.FeatureRemotePortFwd, true
	}
	return "", false
}

// accessCode is the exit code an AccessCheck stands for (its code is not
// serialised): yes 0, no 1, unknown 3.
func accessCode(a access.AccessCheck) int {
	switch a.Decision {
	case access.Allowed:
		return exitcode.OK
	case access.Denied:
		return exitcode.No
	}
	return exitcode.Unknown
}

// printFindings is -o markdown with AccessCheck records piped in: one report
// folding the access answers and the readiness records.
func printFindings(s output.Streams, p piped, records []readiness.Readiness) error {
	md := findings.Build(findings.Input{Access: p.access, Readiness: records}).Markdown()
	if _, err := fmt.Fprint(s.Out, md); err != nil {
		return exitcode.Wrap(exitcode.Unknown, fmt.Errorf("writing output: %w", err))
	}
	return nil
}

// finishFindings prints the one folded report; the exit code is the worst of
// the access answers and the readiness records.
func finishFindings(c *cli.Context, s output.Streams, p piped, records []readiness.Readiness) error {
	worst := exitcode.OK
	for _, a := range p.access {
		worst = exitcode.Worst(worst, accessCode(a))
	}
	for _, r := range records {
		worst = exitcode.Worst(worst, r.ExitCode())
	}
	if !c.Bool(cmdutil.FlagQuiet) {
		if err := printFindings(s, p, records); err != nil {
			return err
		}
	}
	return exitcode.Silent(worst)
}
