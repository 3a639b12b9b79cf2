package completion

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/output"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/sessionkind"
)

// Env is what the shared sources read: the environment and home directory
// that locate the AWS config files, and the clock for SSO token state.
type Env struct {
	Getenv paths.Getenv
	Home   paths.Home
	Now    func() time.Time
}

// Shared returns the sources every ssmkit tool knows, keyed by the flag
// names that take those values anywhere in the suite: --profile, --account,
// --role, --sso-session, --region and --source from the local AWS config
// (read once, offline, only when asked for), -o/--output, --session,
// --document, and the shell of "completion". A tool that adds a flag of one
// of these names gets its values completed without further wiring.
func Shared(env Env) map[string]Source {
	load := sync.OnceValues(func() (profiles.Local, error) {
		return profiles.LoadLocal(env.Getenv, env.Home, env.Now())
	})
	local := func(fn func(profiles.Local) []Candidate) Source {
		return func() []Candidate {
			loc, err := load()
			if err != nil {
				return nil // a malformed config: the tool itself will say so
			}
			return fn(loc)
		}
	}
	return map[string]Source{
		"profile": local(profileNames),
		"account": local(func(l profiles.Local) []Candidate {
			return grouped(l, func(p profiles.Profile) string { return p.AccountID })
		}),
		"role": local(func(l profiles.Local) []Candidate {
			return grouped(l, func(p profiles.Profile) string { return p.RoleName })
		}),
		"region": local(func(l profiles.Local) []Candidate {
			return grouped(l, func(p profiles.Profile) string { return p.Region })
		}),
		"sso-session": local(ssoSessions),
		"source":      func() []Candidate { return plain(profiles.Sources()) },
		"output":      formats,
		"session":     sessionKinds,
		"document":    documents,
		"shell":       func() []Candidate { return plain(Shells()) },
	}
}

// profileNames lists every profile, in file order, with what it reaches
// and whether it needs a login first.
func profileNames(l profiles.Local) []Candidate {
	out := make([]Candidate, 0, len(l.Profiles))
	for _, p := range l.Profiles {
		about := strings.TrimSpace(p.AccountID + " " + p.RoleName)
		state := p.CredentialSource
		if p.Token != nil && p.Token.Status != "valid" {
			state += ", login needed"
		}
		out = append(out, Candidate{p.Name, strings.TrimSpace(about + " (" + state + ")")})
	}
	return out
}

// grouped lists the distinct non-empty values key gives over the profiles,
// sorted, each described by the profiles that have it.
func grouped(l profiles.Local, key func(profiles.Profile) string) []Candidate {
	names := map[string][]string{}
	for _, p := range l.Profiles {
		if k := key(p); k != "" {
			names[k] = append(names[k], p.Name)
		}
	}
	out := make([]Candidate, 0, len(names))
	for k, ns := range names {
		out = append(out, Candidate{k, "profiles: " + shortList(ns, 3)})
	}
	slices.SortFunc(out, func(a, b Candidate) int { return strings.Compare(a.Value, b.Value) })
	return out
}

func ssoSessions(l profiles.Local) []Candidate {
	names := l.Files.SSOSessionNames()
	slices.Sort(names)
	out := make([]Candidate, 0, len(names))
	for _, n := range names {
		s, _ := l.Files.SSOSession(n)
		url, _ := s.Get("sso_start_url")
		out = append(out, Candidate{n, url})
	}
	return out
}

// shortList joins the first n names and counts the rest.
func shortList(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s, +%d more", strings.Join(names[:n], ", "), len(names)-n)
}

func plain(values []string) []Candidate {
	out := make([]Candidate, len(values))
	for i, v := range values {
		out[i] = Candidate{Value: v}
	}
	return out
}

func formats() []Candidate {
	about := map[output.Format]string{
		output.Table: "a table (the default on a terminal)", output.Wide: "a table with more columns",
		output.JSON: "indented JSON", output.NDJSON: "one JSON record per line (the default in a pipe)",
		output.YAML: "YAML documents", output.Name: "one name per line", output.Markdown: "a Markdown table",
	}
	out := make([]Candidate, len(output.Formats))
	for i, f := range output.Formats {
		out[i] = Candidate{string(f), about[f]}
	}
	return out
}

func sessionKinds() []Candidate {
	var out []Candidate
	for _, k := range sessionkind.All() {
		out = append(out, Candidate{string(k), k.About()})
	}
	return out
}

func documents() []Candidate {
	var out []Candidate
	for _, k := range sessionkind.All() {
		out = append(out, Candidate{k.Document(), string(k) + " sessions"})
	}
	return out
}
