package policy

import (
	"strings"
	"unicode/utf8"
)

// tokKind says what one piece of a compiled pattern matches.
type tokKind uint8

const (
	tokLit   tokKind = iota // the literal text in token.lit
	tokStar                 // any run of characters, possibly empty
	tokQuest                // exactly one character
)

// token is one piece of a compiled wildcard pattern.
type token struct {
	kind tokKind
	lit  string
}

// pattern is a compiled wildcard pattern. Literal text that came from a
// policy variable stays literal, so "${*}" never acts as a wildcard.
type pattern []token

// literalPattern is a pattern that matches exactly s.
func literalPattern(s string) pattern {
	if s == "" {
		return nil
	}
	return pattern{{kind: tokLit, lit: s}}
}

// globPattern compiles s, where * and ? are wildcards and everything else is literal.
func globPattern(s string) pattern {
	var p pattern
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '*' && c != '?' {
			continue
		}
		if i > start {
			p = append(p, token{kind: tokLit, lit: s[start:i]})
		}
		if c == '*' {
			if len(p) == 0 || p[len(p)-1].kind != tokStar { // "**" is "*"
				p = append(p, token{kind: tokStar})
			}
		} else {
			p = append(p, token{kind: tokQuest})
		}
		start = i + 1
	}
	if start < len(s) {
		p = append(p, token{kind: tokLit, lit: s[start:]})
	}
	return p
}

// match reports whether s matches p. It is the classic greedy matcher that
// remembers only the last star, so it runs in O(len(p)*len(s)) at worst and
// never backtracks exponentially, whatever the number of stars.
func (p pattern) match(s string, fold bool) bool {
	return p.matchCounting(s, fold, nil)
}

// matchCounting is match that also counts loop steps into steps (when not
// nil), so tests can prove the bound without timing anything.
func (p pattern) matchCounting(s string, fold bool, steps *int) bool {
	pi, si := 0, 0
	starPi, starSi := -1, 0
	for si < len(s) || pi < len(p) {
		if steps != nil {
			*steps++
		}
		if pi < len(p) {
			t := p[pi]
			switch t.kind {
			case tokStar:
				starPi, starSi = pi, si
				pi++
				continue
			case tokQuest:
				if si < len(s) {
					_, n := utf8.DecodeRuneInString(s[si:])
					si += n
					pi++
					continue
				}
			case tokLit:
				if hasPrefix(s[si:], t.lit, fold) {
					si += len(t.lit)
					pi++
					continue
				}
			}
		}
		if starPi < 0 || starSi >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starSi:])
		starSi += n
		pi, si = starPi+1, starSi
	}
	return true
}

// String renders p back in policy syntax, for explanations.
func (p pattern) String() string {
	var b strings.Builder
	for _, t := range p {
		switch t.kind {
		case tokStar:
			b.WriteByte('*')
		case tokQuest:
			b.WriteByte('?')
		default:
			b.WriteString(t.lit)
		}
	}
	return b.String()
}

func hasPrefix(s, prefix string, fold bool) bool {
	if len(s) < len(prefix) {
		return false
	}
	if fold {
		return strings.EqualFold(s[:len(prefix)], prefix)
	}
	return s[:len(prefix)] == prefix
}
