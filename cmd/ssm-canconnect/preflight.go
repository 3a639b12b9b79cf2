package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/ssmkit/ssmkit/internal/access"
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/preflight"
	"github.com/ssmkit/ssmkit/internal/runas"
	"github.com/urfave/cli/v2"
)

// runPreflight is the ssh ProxyCommand mode. stdout is ssh's connection, so
// nothing is printed there; stdin is ssh's too, so it is never read. It
// fails only on a definite no, a needed login, a target that cannot take
// sessions or a missing session-manager-plugin, each as one stderr line
// saying what to do; an unknown answer passes with a warning.
func runPreflight(c *cli.Context, d deps, o liveOptions) error {
	streams := cmdutil.Streams(c)
	streams.In, streams.InPiped = nil, false
	if preflight.PluginMissing(d.lookPath) {
		return exitcode.New(exitcode.No, "%s is not on PATH, so aws ssm start-session cannot open the session: %s", preflight.PluginName, preflight.PluginFix)
	}
	loc, err := runas.Load(d.env, d.home, d.now())
	if err != nil {
		return err
	}
	s := loc.Implicit()
	if len(o.profiles) == 1 {
		if o.profiles[0] == "-" {
			return cmdutil.Usagef("--preflight never reads stdin (it is ssh's connection): name the profile with --profile")
		}
		s = loc.Named(o.profiles[0])
	}
	if id, done := identity.Offline(s, d.now()); done {
		return exitcode.New(id.Code, "%s: %s", id.Error, id.Fix)
	}
	cache, key := preflightCache(d, s, o)
	if v, ok := cache.Get(key, d.now()); ok && cachedYes(v) {
		return nil
	}
	ctx, cancel := cmdutil.WithTimeout(c)
	defer cancel()
	recs, err := newRunner(d, streams, loc, o).check(ctx, s, checks{connection: true})
	if err != nil {
		return err
	}
	if ctx.Err() == context.DeadlineExceeded {
		streams.Warnf("ssm-canconnect could not check %s before --timeout %s; connecting anyway", o.specs[0].Raw, o.timeout)
		return nil
	}
	return preflightVerdict(streams, recs, func(v any) { cache.Put(key, v, d.now()) })
}

// preflightVerdict turns the answers into the exit and its one line.
func preflightVerdict(streams output.Streams, recs []access.AccessCheck, remember func(any)) error {
	worst := exitcode.OK
	var unsure []string
	for _, r := range recs {
		switch {
		case r.Code == exitcode.Credentials || r.Code == exitcode.Usage:
			return exitcode.New(r.Code, "%s", oneLine(r))
		case r.Decision == access.Denied:
			return exitcode.New(exitcode.No, "%s", oneLine(r))
		case r.Decision == access.Unknown:
			unsure = append(unsure, r.Target.ID+": "+r.Reason)
			worst = exitcode.Worst(worst, r.Code)
		}
	}
	if len(unsure) > 0 {
		streams.Warnf("could not confirm access (%s); connecting anyway", strings.Join(unsure, "; "))
		return nil
	}
	remember(cachedAnswer{Decision: access.Allowed, Records: len(recs)})
	return nil
}

// oneLine is "cannot connect to TARGET: REASON; fix: ...".
func oneLine(r access.AccessCheck) string {
	target := r.Target.ID
	if target == "" {
		target = r.Target.Spec
	}
	msg := "cannot start the " + string(r.Session.Kind) + " session on " + target + ": " + r.Reason
	if len(r.Fixes) > 0 {
		f := r.Fixes[0]
		what := f.Text
		if f.Command != "" {
			what = f.Command
		}
		msg += "; fix: " + what
		if f.Where != "" {
			msg += " (in " + f.Where + ")"
		}
	}
	return msg
}

// cachedAnswer is what a pre-flight remembers: only yes is cached, so a
// fixed problem shows at once.
type cachedAnswer struct {
	Decision string `json:"decision"`
	Records  int    `json:"records"`
}

func cachedYes(v json.RawMessage) bool {
	var a cachedAnswer
	return json.Unmarshal(v, &a) == nil && a.Decision == access.Allowed
}

// preflightCache is the answer cache beside the identity cache, keyed by the
// credentials' identity (a new SSO login changes it), the files and
// endpoints, and everything the question holds. Credentials whose identity
// cannot be known offline are never cached.
func preflightCache(d deps, s runas.Subject, o liveOptions) (*preflight.Cache, string) {
	idKey, ok := identity.CacheKey(s)
	dir, haveDir := runas.IdentityCacheDir(d.env, d.home)
	if !ok || !haveDir || o.noCache {
		return nil, ""
	}
	parts := []string{"v1", idKey, "region=" + o.region, "spec=" + o.specs[0].Raw}
	if o.asRole != nil {
		parts = append(parts, "as-role="+o.asRole.ARN)
	}
	for _, s := range o.sessions {
		parts = append(parts, "session="+string(s.Kind)+"/"+s.Document)
	}
	for _, k := range sortedKeys(o.tags) {
		parts = append(parts, "tag="+k+"="+o.tags[k])
	}
	return &preflight.Cache{Dir: filepath.Join(filepath.Dir(dir), "preflight"), TTL: preflight.DefaultTTL}, preflight.Key(parts...)
}
