package main

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/readiness"
	"github.com/ssmkit/ssmkit/internal/sessionkind"
	"github.com/urfave/cli/v2"
)

// options are the target flags, validated before anything is read.
type options struct {
	args       []string
	all        bool
	expectTags map[string]string
	sessions   []readiness.Feature
	minAgent   string
	// profile and region are --profile and --region, or, when empty, what
	// the piped AccessCheck records name (pipe.go).
	profile, region string
}

func (o options) targets() bool { return len(o.args) > 0 || o.all }

func parseOptions(c *cli.Context) (options, error) {
	o := options{args: c.Args().Slice(), all: c.Bool(flagAll), expectTags: map[string]string{},
		profile: c.String(flagProfile), region: c.String(flagRegion)}
	for _, kv := range c.StringSlice(flagExpectTag) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return o, cmdutil.Usagef("--expect-tag %q: want KEY=VALUE, e.g. ssmaccess=true", kv)
		}
		o.expectTags[k] = v
	}
	for _, s := range c.StringSlice(flagSession) {
		f, ok := readiness.SessionFeature(s)
		if !ok {
			return o, cmdutil.Usagef("--session %q: use %s", s, sessionkind.Names(", "))
		}
		o.sessions = append(o.sessions, f)
	}
	if v := c.String(flagMinAgent); v != "" {
		if _, err := readiness.CompareVersions(v, v); err != nil {
			return o, cmdutil.Usagef("--min-agent-version %q is not a version like 3.2.582.0", v)
		}
		o.minAgent = v
	}
	if o.all && len(o.args) > 0 {
		return o, cmdutil.Usagef("--all checks every instance: name no targets with it")
	}
	return o, nil
}
