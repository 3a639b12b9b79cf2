package readiness

import (
	"fmt"
	"sort"
	"strings"
)

// Summary counts, over the target records of a run, the verdicts and how
// many targets each check fails: the closing line of a fleet report.
type Summary struct {
	Targets  int
	Verdicts map[Verdict]int
	// Failing counts targets per check id that failed it; Unknown those
	// that could not be decided.
	Failing map[string]int
	Unknown map[string]int
}

// Add counts one record; account and local records are not targets.
func (s *Summary) Add(r Readiness) {
	if r.Scope != ScopeTarget {
		return
	}
	if s.Verdicts == nil {
		s.Verdicts, s.Failing, s.Unknown = map[Verdict]int{}, map[string]int{}, map[string]int{}
	}
	s.Targets++
	s.Verdicts[r.Verdict]++
	for _, c := range r.Checks {
		switch c.Status {
		case Fail:
			s.Failing[c.ID]++
		case Unknown:
			s.Unknown[c.ID]++
		}
	}
}

// String is the summary in two lines.
func (s Summary) String() string {
	if s.Targets == 0 {
		return "summary: no targets"
	}
	line := fmt.Sprintf("summary: %d targets: %d ready, %d not ready, %d unknown", s.Targets,
		s.Verdicts[Ready], s.Verdicts[NotReady], s.Verdicts[Unsure])
	if f := counts(s.Failing); f != "" {
		line += "\nfailing: " + f
	}
	if u := counts(s.Unknown); u != "" {
		line += "\nunknown: " + u
	}
	return line
}

// counts lists "id N" pairs, most first, then by id.
func counts(m map[string]int) string {
	ids := sortedKeys(m)
	sort.SliceStable(ids, func(i, j int) bool { return m[ids[i]] > m[ids[j]] })
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%s %d", id, m[id])
	}
	return strings.Join(parts, ", ")
}
