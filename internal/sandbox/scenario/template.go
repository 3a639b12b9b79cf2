package scenario

import (
	"fmt"
	"regexp"
	"strings"
)

var placeholder = regexp.MustCompile(`\{\{([a-zA-Z]+)(?::([^}]+))?\}\}`)

// Expand replaces placeholders such as {{region}}, {{startUrl}}, {{kms:ALIAS}} (a key ARN)
// and {{instance:NAME}} (an instance id) using lookup; an unknown one is an error.
func Expand(text string, lookup func(kind, name string) (string, bool)) (string, error) {
	var missing []string
	out := placeholder.ReplaceAllStringFunc(text, func(m string) string {
		g := placeholder.FindStringSubmatch(m)
		v, ok := lookup(g[1], g[2])
		if !ok {
			missing = append(missing, m)
			return m
		}
		return v
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("unknown placeholder %s", strings.Join(missing, ", "))
	}
	return out, nil
}
