// Package ini reads the AWS shared config and credentials files exactly as the
// AWS CLI does: Python's configparser.RawConfigParser (strict, no inline
// comments, indented continuation lines, [DEFAULT]) plus botocore's parsing of
// nested values. It knows nothing of profiles; package awsconfig builds them.
package ini

import (
	"bytes"
	"errors"
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

// Keys is a section's settings in file order. Sections hold a handful of
// keys, so a linear scan beats a map and saves an allocation per section.
type Keys []Key

// Find returns the index of the setting named name, or -1.
func (l Keys) Find(name string) int {
	for i := range l {
		if l[i].Name == name {
			return i
		}
	}
	return -1
}

// Get returns the setting named name and whether it is set.
func (l Keys) Get(name string) (Key, bool) {
	if i := l.Find(name); i >= 0 {
		return l[i], true
	}
	return Key{}, false
}

// Put sets k, replacing a setting of the same name.
func (l *Keys) Put(k Key) {
	if i := l.Find(k.Name); i >= 0 {
		(*l)[i] = k
		return
	}
	*l = append(*l, k)
}

// Section is one `[header]` block, keys in file order.
type Section struct {
	Header string
	Line   int
	Keys   Keys
}

// Note is a line the AWS CLI reads differently from how it looks (an
// indented section header, for one); the caller words it as a warning.
type Note struct {
	Line    int
	Section string // the header of the section the line is in
	Msg     string
}

// File is one parsed file: sections in order, [DEFAULT] keys already
// copied into every section that lacks them (as configparser's get does).
type File struct {
	Name     string
	Sections []*Section
	Defaults *Section
	// Notes are lines the CLI reads differently from how they look.
	Notes []Note
}

// Parse parses data the way RawConfigParser(strict=True) + botocore do.
func Parse(name string, data []byte) (*File, error) {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return nil, &ParseError{name, 1, "file starts with a UTF-8 byte-order mark; save it without one"}
	}
	text := string(data) // one copy; every line below is a substring of it
	if !utf8.ValidString(text) {
		return nil, &ParseError{name, badUTF8Line(text), "not valid UTF-8"}
	}
	if head, tail, ok := splitForParallel(text); ok {
		return parseHalves(name, head, tail)
	}
	return parseWhole(name, text)
}

// parseWhole parses text top to bottom in one goroutine.
func parseWhole(name, text string) (*File, error) {
	p := newParser(name, text)
	if err := p.feed(text, 0); err != nil {
		return nil, err
	}
	if err := p.finishValues(); err != nil {
		return nil, err
	}
	if err := applyDefaults(p.file); err != nil {
		return nil, err
	}
	return p.file, nil
}

// newParser sizes the header index up front: rehashing it dominated big files.
func newParser(name, text string) *iniParser {
	return &iniParser{file: &File{Name: name}, byHeader: make(map[string]*Section, strings.Count(text, "\n[")+1)}
}

// feed parses the lines of text, numbering them from offset+1.
func (p *iniParser) feed(text string, offset int) error {
	cut := cutLine
	if strings.IndexByte(text, '\r') < 0 {
		cut = cutLF // the common case: no \r anywhere, one IndexByte per line
	}
	lineNo := offset
	for len(text) > 0 {
		lineNo++
		var line string
		line, text = cut(text)
		if err := p.line(line, lineNo); err != nil {
			return err
		}
	}
	return nil
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

// finishValues joins multi-line values and parses nested blocks. Nested
// [DEFAULT] values wait for applyDefaults: botocore parses a value only
// when it reads it from a section.
func (p *iniParser) finishValues() error {
	for _, m := range p.multis {
		k := &m.section.Keys[m.section.Keys.Find(m.key)]
		k.Value = pyRstrip(strings.Join(m.parts, "\n"))
		if m.section != p.file.Defaults {
			if err := parseSub(p.file.Name, k); err != nil {
				return err
			}
		}
	}
	return nil
}

func parseSub(file string, k *Key) error {
	if !strings.HasPrefix(k.Value, "\n") {
		return nil
	}
	sub, err := parseNested(k.Value)
	if err != nil {
		return &ParseError{file, k.Line, fmt.Sprintf("nested settings under %q: %v", k.Name, err) + notShown}
	}
	k.Sub = sub
	return nil
}

// applyDefaults copies [DEFAULT] keys into every section lacking them.
func applyDefaults(f *File) error {
	d := f.Defaults
	if d == nil || len(f.Sections) == 0 {
		return nil
	}
	for i := range d.Keys {
		if err := parseSub(f.Name, &d.Keys[i]); err != nil {
			return err
		}
	}
	for _, s := range f.Sections {
		for _, k := range d.Keys {
			if s.Keys.Find(k.Name) < 0 {
				s.Keys = append(s.Keys, k)
			}
		}
	}
	return nil
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
			return nil, errors.New("an indented line is not `key = value`")
		}
		out[pyStrip(k)] = pyStrip(val)
	}
	return out, nil
}
