package awsconfig

import (
	"fmt"
	"strings"
)

// multiline collects the continuation lines of one key.
type multiline struct {
	section *Section
	key     string
	parts   []string
}

type iniParser struct {
	file     *iniFile
	byHeader map[string]*Section
	cur      *Section
	optKey   string     // the key continuation lines extend ("" after a header)
	optMulti *multiline // its continuation lines, once it has some
	blanks   int        // blank lines since, kept only if a continuation follows
	indent   int
	multis   []*multiline
	hint     string // explains a later error caused by an indented header
}

func (p *iniParser) line(line string, n int) error {
	stripped := pyStrip(line)
	if stripped == "" || stripped[0] == '#' || stripped[0] == ';' {
		// A blank line (not a comment) becomes part of a multi-line value,
		// but only matters if a continuation follows: the join rstrips.
		if stripped == "" && p.optKey != "" {
			p.blanks++
		}
		return nil
	}
	ind := pyIndent(line)
	if p.optKey != "" && ind > p.indent {
		p.continueValue(stripped)
		if _, ok := sectionHeader(stripped); ok {
			why := fmt.Sprintf("indented, so the AWS CLI reads %q as part of the value of %q, not as a section: remove the indentation", stripped, p.optKey)
			p.hint = fmt.Sprintf("line %d is %s", n, why)
			p.file.Notes = append(p.file.Notes, Notice{Source{p.file.Name, n, p.cur.Header}, "this line is " + why})
		}
		return nil
	}
	p.indent = ind
	if header, ok := sectionHeader(stripped); ok {
		return p.section(header, n)
	}
	if p.cur == nil {
		return &ParseError{p.file.Name, n, fmt.Sprintf("%q comes before any [section] header", stripped)}
	}
	i := indexDelimiter(stripped)
	if i < 0 {
		return &ParseError{p.file.Name, n, fmt.Sprintf("%q is not a `key = value` line", stripped)}
	}
	name := pyRstrip(stripped[:i])
	if name == "" {
		return &ParseError{p.file.Name, n, fmt.Sprintf("%q has no key before %q", stripped, stripped[i])}
	}
	name = strings.ToLower(name)
	if p.cur.Keys.find(name) >= 0 {
		msg := fmt.Sprintf("key %q appears twice in [%s]", name, p.cur.Header)
		if p.hint != "" {
			msg += " (" + p.hint + ")"
		}
		return &ParseError{p.file.Name, n, msg}
	}
	if p.cur.Keys == nil {
		p.cur.Keys = make(keyList, 0, 6) // typical profiles have a handful of keys
	}
	p.cur.Keys = append(p.cur.Keys, Key{Name: name, Value: pyStrip(stripped[i+1:]), Line: n})
	p.optKey, p.optMulti, p.blanks = name, nil, 0
	return nil
}

// indexDelimiter finds the first '=' or ':' (configparser's delimiters).
func indexDelimiter(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' || s[i] == ':' {
			return i
		}
	}
	return -1
}

// continueValue adds a continuation line to the current key.
func (p *iniParser) continueValue(s string) {
	if p.optMulti == nil {
		k, _ := p.cur.Keys.get(p.optKey)
		p.optMulti = &multiline{section: p.cur, key: p.optKey, parts: []string{k.Value}}
		p.multis = append(p.multis, p.optMulti)
	}
	for ; p.blanks > 0; p.blanks-- {
		p.optMulti.parts = append(p.optMulti.parts, "")
	}
	p.optMulti.parts = append(p.optMulti.parts, s)
}

// sectionHeader matches configparser's SECTCRE `\[(?P<header>.+)\]` (greedy,
// so the header runs to the last `]` and anything after it is ignored).
func sectionHeader(s string) (string, bool) {
	if !strings.HasPrefix(s, "[") {
		return "", false
	}
	j := strings.LastIndexByte(s, ']')
	if j < 2 {
		return "", false
	}
	return s[1:j], true
}

func (p *iniParser) section(header string, n int) error {
	p.optKey, p.optMulti, p.blanks, p.hint = "", nil, 0, ""
	if header == defaultSection {
		if p.file.Defaults == nil {
			p.file.Defaults = &Section{Header: header, Line: n}
		}
		p.cur = p.file.Defaults
		return nil
	}
	if prev, dup := p.byHeader[header]; dup {
		return &ParseError{p.file.Name, n, fmt.Sprintf("section [%s] appears twice (first on line %d); merge them", header, prev.Line)}
	}
	s := &Section{Header: header, Line: n}
	p.byHeader[header] = s
	p.file.Sections = append(p.file.Sections, s)
	p.cur = s
	return nil
}
