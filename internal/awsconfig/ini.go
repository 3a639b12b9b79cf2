package awsconfig

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The AWS CLI reads these files with Python's configparser.RawConfigParser
// (strict, no inline comments, indented continuation lines) and botocore's
// configloader on top. gopkg.in/ini.v1 and the SDK for Go's internal parser
// both differ from it (inline comments, duplicate sections merged instead of
// rejected, [DEFAULT] semantics, continuation rules), and `aws configure
// list-profiles` is the reference the cross-check test compares against, so
// this file reimplements configparser's _read loop line for line.

// defaultSection is configparser's special section whose keys every other
// section of the same file inherits.
const defaultSection = "DEFAULT"

// ParseError is a malformed config or credentials file: which file, which
// line, what is wrong.
type ParseError struct {
	File string
	Line int
	Msg  string
}

// Error implements error as "FILE:LINE: what is wrong".
func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Key is one `name = value` setting; Sub holds an indented nested block
// (`s3 =` followed by indented `key = value` lines).
type Key struct {
	Name  string
	Value string
	Sub   map[string]string
	Line  int
}

// keyList is a section's settings in file order. Sections hold a handful of
// keys, so a linear scan beats a map and saves an allocation per section.
type keyList []Key

func (l keyList) find(name string) int {
	for i := range l {
		if l[i].Name == name {
			return i
		}
	}
	return -1
}

// get returns the setting named name and whether it is set.
func (l keyList) get(name string) (Key, bool) {
	if i := l.find(name); i >= 0 {
		return l[i], true
	}
	return Key{}, false
}

// put sets k, replacing a setting of the same name.
func (l *keyList) put(k Key) {
	if i := l.find(k.Name); i >= 0 {
		(*l)[i] = k
		return
	}
	*l = append(*l, k)
}

// Section is one `[header]` block, keys in file order.
type Section struct {
	Header string
	Line   int
	Keys   keyList
}

// iniFile is one parsed file: sections in order, [DEFAULT] keys already
// copied into every section that lacks them (as configparser's get does).
type iniFile struct {
	Name     string
	Sections []*Section
	Defaults *Section
	// Notes are lines the CLI reads differently from how they look.
	Notes []Notice
}

// parseINI parses data the way RawConfigParser(strict=True) + botocore do.
func parseINI(name string, data []byte) (*iniFile, error) {
	// Size the header index up front: rehashing it dominated big files.
	p := &iniParser{file: &iniFile{Name: name}, byHeader: make(map[string]*Section, bytes.Count(data, []byte("\n["))+1)}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return nil, &ParseError{name, 1, "file starts with a UTF-8 byte-order mark; save it without one"}
	}
	text := string(data) // one copy; every line below is a substring of it
	if !utf8.ValidString(text) {
		return nil, &ParseError{name, badUTF8Line(text), "not valid UTF-8"}
	}
	cut := cutLine
	if strings.IndexByte(text, '\r') < 0 {
		cut = cutLF // the common case: no \r anywhere, one IndexByte per line
	}
	lineNo := 0
	for len(text) > 0 {
		lineNo++
		var line string
		line, text = cut(text)
		if err := p.line(line, lineNo); err != nil {
			return nil, err
		}
	}
	return p.finish()
}

// badUTF8Line returns the line holding the first invalid UTF-8 sequence.
func badUTF8Line(text string) int {
	n := 0
	for len(text) > 0 {
		n++
		var line string
		line, text = cutLine(text)
		if !utf8.ValidString(line) {
			return n
		}
	}
	return n
}

// cutLF splits off one line of a text without \r.
func cutLF(text string) (line, rest string) {
	i := strings.IndexByte(text, '\n')
	if i < 0 {
		return text, ""
	}
	return text[:i], text[i+1:]
}

// cutLine splits off one line with Python's universal newlines (\n, \r\n, \r).
func cutLine(text string) (line, rest string) {
	i := strings.IndexAny(text, "\r\n")
	if i < 0 {
		return text, ""
	}
	if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
		return text[:i], text[i+2:]
	}
	return text[:i], text[i+1:]
}

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
	p.optKey, p.optMulti, p.blanks = "", nil, 0
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

// finish joins multi-line values, parses nested blocks and applies [DEFAULT].
func (p *iniParser) finish() (*iniFile, error) {
	for _, m := range p.multis {
		i := m.section.Keys.find(m.key)
		k := &m.section.Keys[i]
		k.Value = pyRstrip(strings.Join(m.parts, "\n"))
		if strings.HasPrefix(k.Value, "\n") {
			sub, err := parseNested(k.Value)
			if err != nil {
				return nil, &ParseError{p.file.Name, k.Line, fmt.Sprintf("nested settings under %q: %v", k.Name, err)}
			}
			k.Sub = sub
		}
	}
	if d := p.file.Defaults; d != nil {
		for _, s := range p.file.Sections {
			for _, k := range d.Keys {
				if s.Keys.find(k.Name) < 0 {
					s.Keys = append(s.Keys, k)
				}
			}
		}
	}
	return p.file, nil
}

// parseNested mirrors botocore's _parse_nested: one `key = value` per line,
// keys kept as written (not lower-cased).
func parseNested(v string) (map[string]string, error) {
	out := map[string]string{}
	for _, l := range pySplitLines(v) {
		l = pyStrip(l)
		if l == "" {
			continue
		}
		k, val, ok := strings.Cut(l, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not a `key = value` line", l)
		}
		out[pyStrip(k)] = pyStrip(val)
	}
	return out, nil
}
