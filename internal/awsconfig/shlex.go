package awsconfig

import (
	"errors"
	"strings"
)

// shlexSplit splits like Python's shlex.split(s) (POSIX mode, no comments),
// which botocore applies to `[profile NAME]` and `[sso-session NAME]` headers.
func shlexSplit(s string) ([]string, error) {
	if !strings.ContainsAny(s, "'\"\\") {
		return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\n' }), nil
	}
	var (
		words []string
		cur   []rune
		in    bool // inside a word
		quote rune // current quote, 0 if none
	)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur = append(cur, c)
			}
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\':
				if i+1 >= len(rs) {
					return nil, errors.New("no escaped character")
				}
				i++
				if rs[i] != '"' && rs[i] != '\\' {
					cur = append(cur, '\\')
				}
				cur = append(cur, rs[i])
			default:
				cur = append(cur, c)
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			if in {
				words = append(words, string(cur))
				cur, in = cur[:0], false
			}
		case c == '\\':
			if i+1 >= len(rs) {
				return nil, errors.New("no escaped character")
			}
			i++
			cur, in = append(cur, rs[i]), true
		case c == '\'' || c == '"':
			quote, in = c, true
		default:
			cur, in = append(cur, c), true
		}
	}
	if quote != 0 {
		return nil, errors.New("no closing quotation")
	}
	if in {
		words = append(words, string(cur))
	}
	return words, nil
}

// ShellSplit splits a command line into words as a POSIX shell would quote
// them (Python's shlex.split): for reading commands users write in config
// files, such as an ssh ProxyCommand.
func ShellSplit(s string) ([]string, error) { return shlexSplit(s) }
