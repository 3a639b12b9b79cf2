package ini

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
	file     *File
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
			p.file.Notes = append(p.file.Notes, Note{Line: n, Section: p.cur.Header, Msg: "this line is " + why})
		}
		return nil
	}
	p.indent = ind
	if header, ok := sectionHeader(stripped); ok {
		return p.section(header, n)
	}
	i := indexDelimiter(stripped)
	if p.cur == nil {
		if name, ok := safeKeyName(stripped, i); ok {
			return &ParseError{p.file.Name, n, fmt.Sprintf("setting %q comes before any [section] header: put it under [default] or [profile NAME]", name)}
		}
		return &ParseError{p.file.Name, n, "this line comes before any [section] header" + notShown}
	}
	if i < 0 {
		return &ParseError{p.file.Name, n, "this line is not a `key = value` setting" + notShown}
	}
	name := pyRstrip(stripped[:i])
	if name == "" {
		return &ParseError{p.file.Name, n, fmt.Sprintf("this line starts with %q: a setting needs a key before it", string(stripped[i]))}
	}
	name = strings.ToLower(name)
	if p.cur.Keys.Find(name) >= 0 {
		msg := fmt.Sprintf("key %q appears twice in [%s]", name, p.cur.Header)
		if p.hint != "" {
			msg += " (" + p.hint + ")"
		}
		return &ParseError{p.file.Name, n, msg}
	}
	if p.cur.Keys == nil {
		p.cur.Keys = make(Keys, 0, 6) // typical profiles have a handful of keys
	}
	p.cur.Keys = append(p.cur.Keys, Key{Name: name, Value: pyStrip(stripped[i+1:]), Line: n})
	p.optKey, p.optMulti, p.blanks = name, nil, 0
	return nil
}

// notShown ends a parse error about a line whose text is withheld: a stray
// line in these files is often a pasted secret key or session token.
const notShown = " (its text is not shown: it may hold a secret)"

// safeKeyName returns the key of a `key = value` line when it looks like a
// setting name (short, no base64 punctuation), never a pasted secret.
func safeKeyName(line string, delim int) (string, bool) {
	if delim <= 0 {
		return "", false
	}
	name := pyRstrip(line[:delim])
	if name == "" || len(name) > 32 {
		return "", false
	}
	for _, r := range name {
		if !(r == '_' || r == '-' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return "", false
		}
	}
	return name, true
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
		k, _ := p.cur.Keys.Get(p.optKey)
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
