package awsconfig

import (
	"strings"
	"unicode/utf8"
)

// isPySpace reports whether r is whitespace for Python's str.strip and re's \s,
// which the AWS CLI's configparser uses; it adds \x1c-\x1f to Go's unicode.IsSpace.
func isPySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0,
		0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// pyStrip trims Python whitespace from both ends, like str.strip().
func pyStrip(s string) string { return strings.TrimFunc(s, isPySpace) }

// pyRstrip trims Python whitespace from the end, like str.rstrip().
func pyRstrip(s string) string { return strings.TrimRightFunc(s, isPySpace) }

// pyIndent counts the code points before the first non-space, as configparser
// measures indentation (a tab counts as one).
func pyIndent(line string) int {
	n := 0
	for _, r := range line {
		if !isPySpace(r) {
			return n
		}
		n++
	}
	return 0
}

// pySplitLines splits like Python's str.splitlines, which botocore uses on
// nested ("s3 =" + indented keys) values.
func pySplitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\r':
			out = append(out, s[start:i])
			if i+1 < len(s) && s[i+1] == '\n' {
				size = 2
			}
			start = i + size
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			out = append(out, s[start:i])
			start = i + size
		}
		i += size
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
