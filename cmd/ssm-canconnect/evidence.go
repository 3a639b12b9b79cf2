package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/smithy-go/middleware"
	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/evidence"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/findings"
	"github.com/ssmkit/ssmkit/internal/version"
	"github.com/urfave/cli/v2"
)

const (
	flagEvidence     = "evidence"
	flagFromEvidence = "from-evidence"
)

// withEvidence adds --evidence DIR (record the AWS answers the checks relied
// on, the records and the findings report) and --from-evidence DIR (run the
// recorded check again offline, answering every AWS call from the bundle).
func withEvidence(app *cli.App, d deps) {
	app.Flags = append(app.Flags,
		&cli.StringFlag{Name: flagEvidence, Usage: "write an evidence bundle to `DIR`: the AWS answers each check relied on (secrets removed), findings.ndjson, report.md and index.json"},
		&cli.StringFlag{Name: flagFromEvidence, Usage: "run the check recorded in the evidence bundle `DIR` again, offline: every AWS answer comes from the bundle"},
	)
	live := app.Action
	app.Action = func(c *cli.Context) error {
		switch {
		case c.IsSet(flagEvidence) && c.IsSet(flagFromEvidence):
			return exitcode.New(exitcode.Usage, "--evidence and --from-evidence exclude each other: record a run, or replay one")
		case c.IsSet(flagFromEvidence):
			return replayEvidence(c, d)
		case c.IsSet(flagEvidence):
			return recordEvidence(c, d)
		}
		return live(c)
	}
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
	ix := evidence.Index{Tool: c.App.Name, Version: version.String(), Args: replayArgs(os.Args[1:]), Profiles: map[string]string{}}
	var out []evidence.Record
	for _, a := range recs {
		line, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if a.Principal.Profile != "" {
			ix.Profiles[a.Principal.Profile] = a.Target.Region
		}
		out = append(out, evidence.Record{JSON: line, Summary: userAnswer(a), Needles: needles(a)})
	}
	report := findings.Build(findings.Input{Access: recs}).Markdown()
	if err := evidence.Write(dir, ix, rec.Exchanges(), out, report); err != nil {
		return err
	}
	return runErr
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

// replayArgs drops the evidence and output flags from the recorded command line.
func replayArgs(args []string) []string {
	out := []string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			out = append(out, a)
			continue
		}
		switch name {
		case flagEvidence, "o", "output":
			if !hasValue {
				i++ // the value is the next argument
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

// Placeholder keys replay signs with: never real, never sent anywhere.
const (
	replayKeyID  = "AKIAREPLAYEVIDENCE00"
	replaySecret = "evidence-replay-placeholder"
)

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
	// The recorded profiles, defined with placeholder keys: the bundle holds
	// no credentials and the reviewer's machine need not know the profiles.
	var cfg, creds strings.Builder
	for name, region := range b.Profiles {
		if name == "default" {
			cfg.WriteString("[default]\n")
		} else {
			cfg.WriteString("[profile " + name + "]\n")
		}
		if region != "" {
			cfg.WriteString("region = " + region + "\n")
		}
		creds.WriteString("[" + name + "]\naws_access_key_id = " + replayKeyID + "\naws_secret_access_key = " + replaySecret + "\n")
	}
	configFile, credsFile := filepath.Join(tmp, "config"), filepath.Join(tmp, "credentials")
	if err := os.WriteFile(configFile, []byte(cfg.String()), 0o600); err != nil {
		return exitcode.Wrap(exitcode.Unknown, err)
	}
	if err := os.WriteFile(credsFile, []byte(creds.String()), 0o600); err != nil {
		return exitcode.Wrap(exitcode.Unknown, err)
	}
	for k, v := range map[string]string{"AWS_CONFIG_FILE": configFile, "AWS_SHARED_CREDENTIALS_FILE": credsFile, "XDG_CACHE_HOME": filepath.Join(tmp, "cache")} {
		_ = os.Setenv(k, v)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		_ = os.Unsetenv(k)
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
