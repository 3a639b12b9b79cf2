package main

import (
	"sort"
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/target"
	"github.com/urfave/cli/v2"
)

// liveOptions are the live check's flags and arguments, validated.
type liveOptions struct {
	profiles                                     []string
	specs                                        []target.Spec
	sessions                                     []access.Session
	asRole                                       *arn.Principal
	tags                                         map[string]string
	tagsGiven                                    bool
	region                                       string
	list, preflight, noCache, noSimulator, quiet bool
	timeout                                      time.Duration
	ic                                           icOptions // asuser.go
}

// parseLive validates the command line; every problem is a usage error (exit 2).
func parseLive(c *cli.Context) (liveOptions, error) {
	o := liveOptions{profiles: c.StringSlice(flagProfile), region: c.String(flagRegion), list: c.Bool(flagList),
		preflight: c.Bool(flagPreflight), noCache: c.Bool(flagNoCache), noSimulator: c.Bool(flagNoSimulator),
		quiet: c.Bool(cmdutil.FlagQuiet), timeout: c.Duration(cmdutil.FlagTimeout)}
	var args []string
	for _, a := range c.Args().Slice() {
		if a == "-" {
			o.profiles = append(o.profiles, a) // stdin, as every tool reads it
			continue
		}
		args = append(args, a)
	}
	for _, a := range args {
		sp, err := target.ParseSpec(a)
		if err != nil {
			return o, cmdutil.Usagef("%v", err)
		}
		o.specs = append(o.specs, sp)
	}
	switch {
	case o.list && len(o.specs) > 0:
		return o, cmdutil.Usagef("--list covers every instance in the account and region: name no targets with it")
	case !o.list && len(o.specs) == 0:
		return o, cmdutil.Usagef("name a target (i-..., mi-..., Name=NAME, tag:KEY=VALUE, an IP or DNS name), or use --list")
	case o.preflight && (o.list || len(o.specs) != 1):
		return o, cmdutil.Usagef("--preflight checks one target, as ssh's ProxyCommand passes it (%%h)")
	case o.preflight && len(o.profiles) > 1:
		return o, cmdutil.Usagef("--preflight checks one profile")
	}
	var err error
	if o.sessions, err = sessions(c); err != nil {
		return o, err
	}
	if r := c.String(flagAsRole); r != "" {
		p, err := arn.ParsePrincipal(r)
		if err != nil || p.Type != arn.Role {
			return o, cmdutil.Usagef("--as-role needs an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), got %q", r)
		}
		o.asRole = &p
	}
	o.tags = map[string]string{}
	for _, kv := range c.StringSlice(flagPrincipalTag) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return o, cmdutil.Usagef("--principal-tag wants KEY=VALUE, got %q", kv)
		}
		o.tags[k] = v
		o.tagsGiven = true
	}
	o.ic, err = parseIdentityCenter(c, o)
	return o, err
}

// sessions are the --session kinds, or the --document session.
func sessions(c *cli.Context) ([]access.Session, error) {
	doc, kinds := c.String(flagDocument), c.StringSlice(flagSession)
	if doc != "" {
		if len(kinds) > 0 {
			return nil, cmdutil.Usagef("give --session or --document, not both")
		}
		return []access.Session{access.SessionWithDocument(doc)}, nil
	}
	if len(kinds) == 0 {
		if c.Bool(flagList) {
			out := make([]access.Session, len(access.Kinds))
			for i, k := range access.Kinds {
				out[i], _ = access.SessionOf(k)
			}
			return out, nil
		}
		kinds = []string{string(access.Shell)}
	}
	var out []access.Session
	for _, k := range kinds {
		s, err := access.SessionOf(access.Kind(k))
		if err != nil {
			return nil, cmdutil.Usagef("%v", err)
		}
		out = append(out, s)
	}
	return out, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
