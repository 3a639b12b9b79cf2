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

// Section is one `[header]` block, keys in file order.
type Section struct {
	Header string
	Line   int
	Keys   []Key
	index  map[string]int
}

// Get returns the value of key (lower case) and whether it is set.
func (s *Section) Get(key string) (string, bool) {
	i, ok := s.index[key]
	if !ok {
		return "", false
	}
	return s.Keys[i].Value, true
}

func (s *Section) set(k Key) {
	if i, ok := s.index[k.Name]; ok {
		s.Keys[i] = k
		return
	}
	s.index[k.Name] = len(s.Keys)
	s.Keys = append(s.Keys, k)
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
	p := &iniParser{file: &iniFile{Name: name}, byHeader: map[string]*Section{}}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return nil, &ParseError{name, 1, "file starts with a UTF-8 byte-order mark; save it without one"}
	}
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		line, rest := cutLine(data)
		data = rest
		if !utf8.Valid(line) {
			return nil, &ParseError{name, lineNo, "not valid UTF-8"}
		}
		if err := p.line(string(line), lineNo); err != nil {
			return nil, err
		}
	}
	return p.finish()
}

// cutLine splits off one line with Python's universal newlines (\n, \r\n, \r).
func cutLine(data []byte) (line, rest []byte) {
	i := bytes.IndexAny(data, "\r\n")
	if i < 0 {
		return data, nil
	}
	if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
		return data[:i], data[i+2:]
	}
	return data[:i], data[i+1:]
}

type pendingKey struct {
	section *Section
	key     Key
	parts   []string
}

type iniParser struct {
	file     *iniFile
	byHeader map[string]*Section
	cur      *Section
	opt      *pendingKey
	indent   int
	pending  []*pendingKey
	hint     string // explains a later error caused by an indented header
}

func (p *iniParser) line(line string, n int) error {
	stripped := pyStrip(line)
	if stripped == "" || strings.HasPrefix(stripped, "#") || strings.HasPrefix(stripped, ";") {
		// A blank line (not a comment) becomes part of a multi-line value.
		if stripped == "" && p.opt != nil {
			p.opt.parts = append(p.opt.parts, "")
		}
		return nil
	}
	ind := pyIndent(line)
	if p.opt != nil && ind > p.indent {
		p.opt.parts = append(p.opt.parts, stripped)
		if _, ok := sectionHeader(stripped); ok {
			why := fmt.Sprintf("indented, so the AWS CLI reads %q as part of the value of %q, not as a section: remove the indentation", stripped, p.opt.key.Name)
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
	i := strings.IndexAny(stripped, "=:")
	if i < 0 {
		return &ParseError{p.file.Name, n, fmt.Sprintf("%q is not a `key = value` line", stripped)}
	}
	name := pyRstrip(stripped[:i])
	if name == "" {
		return &ParseError{p.file.Name, n, fmt.Sprintf("%q has no key before %q", stripped, stripped[i])}
	}
	name = strings.ToLower(name)
	if _, dup := p.cur.index[name]; dup {
		msg := fmt.Sprintf("key %q appears twice in [%s]", name, p.cur.Header)
		if p.hint != "" {
			msg += " (" + p.hint + ")"
		}
		return &ParseError{p.file.Name, n, msg}
	}
	pk := &pendingKey{section: p.cur, key: Key{Name: name, Line: n}, parts: []string{pyStrip(stripped[i+1:])}}
	p.cur.set(pk.key)
	p.pending = append(p.pending, pk)
	p.opt = pk
	return nil
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
	p.opt = nil
	if header == defaultSection {
		if p.file.Defaults == nil {
			p.file.Defaults = &Section{Header: header, Line: n, index: map[string]int{}}
		}
		p.cur = p.file.Defaults
		return nil
	}
	if prev, dup := p.byHeader[header]; dup {
		return &ParseError{p.file.Name, n, fmt.Sprintf("section [%s] appears twice (first on line %d); merge them", header, prev.Line)}
	}
	s := &Section{Header: header, Line: n, index: map[string]int{}}
	p.byHeader[header] = s
	p.file.Sections = append(p.file.Sections, s)
	p.cur = s
	return nil
}

// finish joins multi-line values, parses nested blocks and applies [DEFAULT].
func (p *iniParser) finish() (*iniFile, error) {
	for _, pk := range p.pending {
		k := pk.key
		k.Value = pyRstrip(strings.Join(pk.parts, "\n"))
		if strings.HasPrefix(k.Value, "\n") {
			sub, err := parseNested(k.Value)
			if err != nil {
				return nil, &ParseError{p.file.Name, k.Line, fmt.Sprintf("nested settings under %q: %v", k.Name, err)}
			}
			k.Sub = sub
		}
		pk.section.set(k)
	}
	if d := p.file.Defaults; d != nil {
		for _, s := range p.file.Sections {
			for _, k := range d.Keys {
				if _, ok := s.index[k.Name]; !ok {
					s.set(k)
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
