package profiles

import (
	"sort"
	"strings"

	"github.com/ssmkit/ssmkit/internal/shell"
)

// ShellQuote quotes s for a POSIX shell only when it needs it, so fixes
// stay readable; it is shell.Quote, kept for the packages that call it.
func ShellQuote(s string) string { return shell.Quote(s) }

// warnDuplicatePairs flags profiles that reach the same account and role,
// which makes "which profile?" ambiguous.
func warnDuplicatePairs(out []Profile) {
	first := make(map[string]int, len(out)) // account/role -> first profile
	var groups map[string][]int             // only pairs seen twice
	for i, r := range out {
		if r.AccountID == "" || r.RoleName == "" {
			continue
		}
		k := r.AccountID + "/" + strings.ToLower(r.RoleName)
		j, seen := first[k]
		if !seen {
			first[k] = i
			continue
		}
		if groups == nil {
			groups = map[string][]int{}
		}
		if groups[k] == nil {
			groups[k] = []int{j}
		}
		groups[k] = append(groups[k], i)
	}
	for _, idx := range groups {
		for _, i := range idx {
			var others []string
			for _, j := range idx {
				if j != i {
					others = append(others, ShellQuote(out[j].Name))
				}
			}
			sort.Strings(others)
			out[i].warn("same account and role as %s", strings.Join(others, ", "))
		}
	}
}
