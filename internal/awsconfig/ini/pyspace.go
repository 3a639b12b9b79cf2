package ini

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

// pyStrip trims Python whitespace from both ends, like str.strip(). ASCII
// edges take a fast path; only a non-ASCII edge needs the rune test.
func pyStrip(s string) string {
	i, j := 0, len(s)
	for i < j && asciiSpace(s[i]) {
		i++
	}
	for j > i && asciiSpace(s[j-1]) {
		j--
	}
	s = s[i:j]
	if s != "" && (s[0] >= utf8.RuneSelf || s[len(s)-1] >= utf8.RuneSelf) {
		return strings.TrimFunc(s, isPySpace)
	}
	return s
}

// asciiSpace is isPySpace for single bytes below 0x80.
func asciiSpace(b byte) bool {
	return b == ' ' || (b >= '\t' && b <= '\r') || (b >= 0x1c && b <= 0x1f)
}

// pyRstrip trims Python whitespace from the end, like str.rstrip().
func pyRstrip(s string) string { return strings.TrimRightFunc(s, isPySpace) }

// pyIndent counts the code points before the first non-space, as configparser
// measures indentation (a tab counts as one).
func pyIndent(line string) int {
	if line == "" || !asciiSpace(line[0]) && line[0] < utf8.RuneSelf {
		return 0 // most lines start with a key or a header
	}
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
