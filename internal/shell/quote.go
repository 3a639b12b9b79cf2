// Package shell quotes what ssmkit prints for a person to paste: fixes, login
// commands, the ssh config. A profile name, a Name tag or a tag value may hold
// quotes, $(...), backticks or newlines; quoted here, pasting it runs nothing.
package shell

import "strings"

// Quote quotes s for a POSIX shell, only when it needs it, so that common
// words (profile names, ARNs, Key=Value pairs) stay readable.
func Quote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !plain(r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// plain reports the characters that mean nothing to a POSIX shell anywhere in
// a word ('=' only means something at the start of a command, where no
// quoted argument goes).
func plain(r rune) bool {
	return r == '-' || r == '_' || r == '.' || r == '/' || r == ':' || r == '@' || r == '+' || r == '=' || r == ',' ||
		(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

// Join quotes each argument and joins them with spaces: a command line.
func Join(args ...string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = Quote(a)
	}
	return strings.Join(q, " ")
}
