package profiles

import (
	"sort"
	"strings"
)

// shellQuote quotes s for a POSIX shell only when it needs it, so fixes
// stay readable and still paste safely.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r == '/' || r == ':' || r == '@' || r == '+' || r == '=' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// warnDuplicatePairs flags profiles that reach the same account and role,
// which makes "which profile?" ambiguous.
func warnDuplicatePairs(out []Profile) {
	byPair := map[[2]string][]int{}
	for i, r := range out {
		if r.AccountID != "" && r.RoleName != "" {
			k := [2]string{r.AccountID, strings.ToLower(r.RoleName)}
			byPair[k] = append(byPair[k], i)
		}
	}
	for _, idx := range byPair {
		if len(idx) < 2 {
			continue
		}
		for _, i := range idx {
			var others []string
			for _, j := range idx {
				if j != i {
					others = append(others, shellQuote(out[j].Name))
				}
			}
			sort.Strings(others)
			out[i].warn("same account and role as %s", strings.Join(others, ", "))
		}
	}
}
