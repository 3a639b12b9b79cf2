package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/evidence"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/findings"
	"github.com/ssmkit/ssmkit/internal/readiness"
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
// recorded checks again offline, answering every AWS call from the bundle).
func withEvidence(app *cli.App, d deps) {
	cmdutil.WithEvidence(app, "the checks",
		func(c *cli.Context) error { return recordEvidence(c, d) },
		func(c *cli.Context) error { return replayEvidence(c, d) })
}

func evidenceAPIOptions(o *awsclient.Options, client aws.HTTPClient) {
	o.HTTPClient = client
	o.APIOptions = append(o.APIOptions, awsclient.EvidenceAPIOption)
}

func recordEvidence(c *cli.Context, d deps) error {
	dir := c.String(flagEvidence)
	if dir == "" {
		return exitcode.New(exitcode.Usage, "--evidence needs a directory")
	}
	rec := awsclient.NewRecorder(nil)
	d.awsOptions = func(o *awsclient.Options) { evidenceAPIOptions(o, rec) }
	var in piped
	var records []readiness.Readiness
	d.onRecords = func(p piped, r []readiness.Readiness) { in, records = p, r }
	runErr := run(c, d)
	if len(records) == 0 && len(in.accessChecks()) == 0 {
		return runErr // bad usage or input: nothing was checked
	}
	names := []string{c.String(flagProfile)}
	for _, a := range in.accessChecks() {
		names = append(names, a.Principal.Profile)
	}
	for _, r := range records {
		names = append(names, r.Target.Profile)
	}
	loc, lerr := runas.Load(d.env, d.home, d.now())
	ix := evidence.Index{Tool: c.App.Name, Version: version.String(),
		Args: evidence.ReplayArgs(os.Args[1:], []string{flagEvidence, "o", "output"}, nil),
		Profiles: evidence.ProfileRegions(names, func(n string) string {
			if lerr != nil {
				return ""
			}
			return loc.Named(n).Region
		})}
	var out []evidence.Record
	var input bytes.Buffer
	for _, a := range in.checks { // as piped, byte for byte: the replay passes them through again
		line, err := json.Marshal(a)
		if err != nil {
			return err
		}
		input.Write(append(line, '\n'))
		out = append(out, evidence.Record{JSON: line, Summary: a.Principal.Profile + " -> " + a.Target.ID + ": " + a.Answer(), Needles: []string{a.Target.ID}})
	}
	for _, r := range records {
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		out = append(out, evidence.Record{JSON: line, Summary: r.RecordName() + ": " + string(r.Verdict), Needles: []string{r.Target.ID}})
	}
	report := findings.Build(findings.Input{Access: in.accessChecks(), Readiness: records}).Markdown()
	var extra []evidence.Extra
	if input.Len() > 0 {
		extra = append(extra, evidence.Extra{Name: evidence.InputFile, Data: input.Bytes()})
	}
	if err := evidence.Write(dir, ix, rec.Exchanges(), out, report, extra...); err != nil {
		return err
	}
	return runErr
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
	if _, _, err := evidence.ReplayFiles(tmp, b.Profiles); err != nil {
		return exitcode.Wrap(exitcode.Unknown, err)
	}
	replayer := awsclient.NewReplayer(b.Exchanges)
	d.awsOptions = func(o *awsclient.Options) {
		o.ConfigFiles, o.CredentialsFiles = []string{os.Getenv("AWS_CONFIG_FILE")}, []string{os.Getenv("AWS_SHARED_CREDENTIALS_FILE")}
		evidenceAPIOptions(o, replayer)
	}
	s := cmdutil.Streams(c)
	// This machine's checks are about the machine that ran them: the bundle's
	// findings.ndjson keeps them; replay checks only what AWS answered.
	args := evidence.ReplayArgs(b.Args, nil, []string{flagLocal})
	if len(args) != len(b.Args) {
		s.Notef("this machine's checks (--local) are not replayed: findings.ndjson in the bundle holds the recorded ones")
	}
	s.InPiped = false
	if slices.ContainsFunc(b.Files, func(f evidence.File) bool { return f.Name == evidence.InputFile }) {
		data, err := os.ReadFile(filepath.Join(dir, evidence.InputFile))
		if err != nil {
			return exitcode.Wrap(exitcode.Usage, err)
		}
		s.In, s.InPiped = bytes.NewReader(data), true
	}
	args = append([]string{c.App.Name}, args...)
	if c.IsSet(cmdutil.FlagOutput) {
		args = append(args, "-o", c.String(cmdutil.FlagOutput))
	}
	code := cmdutil.RunContext(c.Context, newAppWith(d), args, s)
	if missed := replayer.Missed(); len(missed) > 0 && code != exitcode.Interrupted {
		s.Notef("the bundle held no answer for: %s", strings.Join(missed, ", "))
	}
	return exitcode.Silent(code)
}
