package ini

import (
	"fmt"
	"strings"
	"sync"
)

// parallelParseMin is the file size from which Parse parses two halves
// concurrently (a 10,000-profile config is about 2.5 MB).
const parallelParseMin = 256 << 10

// splitForParallel cuts text at a section header near the middle. A line
// that starts with '[' in column 0 and matches the header pattern can
// never continue a value (its indentation is 0), so both halves parse
// exactly as the whole does. Text with \r keeps the simple path.
func splitForParallel(text string) (head, tail string, ok bool) {
	if len(text) < parallelParseMin || strings.IndexByte(text, '\r') >= 0 {
		return "", "", false
	}
	for from := len(text) / 2; ; {
		i := strings.Index(text[from:], "\n[")
		if i < 0 {
			return "", "", false
		}
		at := from + i + 1
		line, _ := cutLF(text[at:])
		if _, isHeader := sectionHeader(pyStrip(line)); isHeader {
			return text[:at], text[at:], true
		}
		from = at
	}
}

// parseHalves parses head and tail concurrently, then reports the error
// the whole file would have reported first and merges the halves.
func parseHalves(name, head, tail string) (*File, error) {
	offset := strings.Count(head, "\n")
	ph, pt := newParser(name, head), newParser(name, tail)
	var headErr, tailErr error
	var wg sync.WaitGroup
	wg.Go(func() { headErr = ph.feed(head, 0) })
	tailErr = pt.feed(tail, offset)
	wg.Wait()
	if headErr != nil {
		return nil, headErr
	}
	if err := crossErrors(ph, pt, tailErr); err != nil {
		return nil, err
	}
	if err := ph.finishValues(); err != nil {
		return nil, err
	}
	if err := pt.finishValues(); err != nil {
		return nil, err
	}
	f := ph.file
	f.Sections = append(f.Sections, pt.file.Sections...)
	f.Notes = append(f.Notes, pt.file.Notes...)
	switch {
	case f.Defaults == nil:
		f.Defaults = pt.file.Defaults
	case pt.file.Defaults != nil:
		f.Defaults.Keys = append(f.Defaults.Keys, pt.file.Defaults.Keys...)
	}
	if err := applyDefaults(f); err != nil {
		return nil, err
	}
	return f, nil
}

// crossErrors finds what only the whole file shows: a tail section or
// [DEFAULT] key that repeats one from the head. The earliest error wins,
// as when the file is read top to bottom.
func crossErrors(ph, pt *iniParser, tailErr error) error {
	best := tailErr
	line := func(err error) int {
		if pe, ok := err.(*ParseError); ok {
			return pe.Line
		}
		return 0
	}
	consider := func(err *ParseError) {
		if best == nil || err.Line < line(best) {
			best = err
		}
	}
	for _, s := range pt.file.Sections {
		if prev, dup := ph.byHeader[s.Header]; dup {
			consider(&ParseError{ph.file.Name, s.Line, fmt.Sprintf("section [%s] appears twice (first on line %d); merge them", s.Header, prev.Line)})
			break
		}
	}
	if ph.file.Defaults != nil && pt.file.Defaults != nil {
		for _, k := range pt.file.Defaults.Keys {
			if ph.file.Defaults.Keys.Find(k.Name) >= 0 {
				consider(&ParseError{ph.file.Name, k.Line, fmt.Sprintf("key %q appears twice in [%s]", k.Name, defaultSection)})
				break
			}
		}
	}
	return best
}
