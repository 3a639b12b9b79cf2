package main

import (
	"encoding/json"
	"os"
	"strings"

	"github.com/aws/smithy-go/middleware"
	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/evidence"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/findings"
	"github.com/ssmkit/ssmkit/internal/runas"
	"github.com/ssmkit/ssmkit/internal/version"
	"github.com/urfave/cli/v2"
)

const (
	flagEvidence     = cmdutil.FlagEvidence
	flagFromEvidence = cmdutil.FlagFromEvidence
)

// withEvidence adds --evidence DIR (record the AWS answers the checks relied
// on, the records and the findings report) and --from-evidence DIR (run the
// recorded check again offline, answering every AWS call from the bundle).
func withEvidence(app *cli.App, d deps) {
	cmdutil.WithEvidence(app, "the check",
		func(c *cli.Context) error { return recordEvidence(c, d) },
		func(c *cli.Context) error { return replayEvidence(c, d) })
}

func evidenceAPIOptions() []func(*middleware.Stack) error {
	return []func(*middleware.Stack) error{awsclient.EvidenceAPIOption}
}

func recordEvidence(c *cli.Context, d deps) error {
	dir := c.String(flagEvidence)
	if dir == "" {
		return exitcode.New(exitcode.Usage, "--evidence needs a directory")
	}
	rec := awsclient.NewRecorder(nil)
	d.loader = func(where paths.Paths, region string) *awsclient.Loader {
		return awsclient.New(awsclient.Options{ConfigFiles: []string{where.ConfigFile}, CredentialsFiles: []string{where.CredentialsFile},
			Region: region, HTTPClient: rec, APIOptions: evidenceAPIOptions()})
	}
	var recs []access.AccessCheck
	d.onRecord = func(a access.AccessCheck) { recs = append(recs, a) }
	runErr := runLive(c, d)
	if len(recs) == 0 {
		return runErr // bad usage or input: nothing was checked
	}
	names := append(c.StringSlice(flagProfile), c.String("identity-center-profile"))
	for _, a := range recs {
		names = append(names, a.Principal.Profile)
	}
	ix := evidence.Index{Tool: c.App.Name, Version: version.String(),
		Args: evidence.ReplayArgs(os.Args[1:], []string{flagEvidence, "o", "output"}, nil), Profiles: profileRegions(d, names)}
	var out []evidence.Record
	for _, a := range recs {
		line, err := json.Marshal(a)
		if err != nil {
			return err
		}
		out = append(out, evidence.Record{JSON: line, Summary: userAnswer(a), Needles: needles(a)})
	}
	report := findings.Build(findings.Input{Access: recs}).Markdown()
	if err := evidence.Write(dir, ix, rec.Exchanges(), out, report); err != nil {
		return err
	}
	return runErr
}

// profileRegions is each named profile's region in this machine's config.
func profileRegions(d deps, names []string) map[string]string {
	loc, err := runas.Load(d.env, d.home, d.now())
	return evidence.ProfileRegions(names, func(n string) string {
		if err != nil {
			return ""
		}
		return loc.Named(n).Region
	})
}

func userAnswer(a access.AccessCheck) string {
	who := a.Principal.ARN
	if who == "" {
		who = a.Principal.Profile
	}
	target := a.Target.ID
	if target == "" {
		target = a.Target.Spec
	}
	return who + " -> " + target + " (" + string(a.Session.Kind) + "): " + a.Answer()
}

// needles tie recorded calls to a record: the instance, the role and the
// permission set it was decided on.
func needles(a access.AccessCheck) []string {
	n := []string{a.Target.ID}
	if r := a.Principal.RoleARN; r != "" {
		n = append(n, r[strings.LastIndexByte(r, '/')+1:])
	}
	return n
}

func replayEvidence(c *cli.Context, d deps) error {
	dir := c.String(flagFromEvidence)
	b, err := evidence.Open(dir, c.App.Name, version.String())
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "ssmkit-replay-")
	if err != nil {
		return exitcode.Wrap(exitcode.Unknown, err)
	}
	defer os.RemoveAll(tmp)
	configFile, credsFile, err := evidence.ReplayFiles(tmp, b.Profiles)
	if err != nil {
		return exitcode.Wrap(exitcode.Unknown, err)
	}
	replayer := awsclient.NewReplayer(b.Exchanges)
	d.loader = func(_ paths.Paths, region string) *awsclient.Loader {
		return awsclient.New(awsclient.Options{ConfigFiles: []string{configFile}, CredentialsFiles: []string{credsFile},
			Region: region, HTTPClient: replayer, APIOptions: evidenceAPIOptions()})
	}
	args := append([]string{c.App.Name}, b.Args...)
	args = append(args, "--no-cache")
	if c.IsSet(cmdutil.FlagOutput) {
		args = append(args, "-o", c.String(cmdutil.FlagOutput))
	}
	s := cmdutil.Streams(c)
	s.InPiped = false // replay reads only the bundle
	code := cmdutil.RunContext(c.Context, newAppWith(d), args, s)
	if missed := replayer.Missed(); len(missed) > 0 && code != exitcode.Interrupted {
		_, _ = s.Err.Write([]byte("note: the bundle held no answer for: " + strings.Join(missed, ", ") + "\n"))
	}
	return exitcode.Silent(code)
}
