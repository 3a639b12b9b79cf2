package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"

	"github.com/ssmkit/ssmkit/internal/exitcode"
)

// maxRecord bounds one record so garbage on stdin cannot exhaust memory.
const maxRecord = 4 << 20

// Raw is one record read from a stream, kept undecoded so each tool takes only
// the fields it needs.
type Raw struct {
	Kind       string
	APIVersion string
	// Line is the 1-based line on which the record starts, for error messages.
	Line int
	Data json.RawMessage
}

// Decode unmarshals the record into v.
func (r Raw) Decode(v any) error {
	if err := json.Unmarshal(r.Data, v); err != nil {
		return exitcode.New(exitcode.Usage, "stdin line %d: %s record: %v", r.Line, r.Kind, err)
	}
	return nil
}

// Each calls fn for every record in r, in order. It accepts NDJSON and
// concatenated (indented) JSON objects alike, so `-o json` output pipes too.
// Bad input stops with a usage error (exit 2) naming the line.
func Each(r io.Reader, fn func(Raw) error) error {
	lr := &lineCounter{r: r}
	dec := json.NewDecoder(lr)
	lr.consumed = dec.InputOffset
	for {
		var data json.RawMessage
		err := dec.Decode(&data)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if errors.Is(err, errTooLarge) {
			return exitcode.New(exitcode.Usage, "stdin line %d: record larger than %d bytes", lr.lineAt(dec.InputOffset()), maxRecord)
		}
		if err != nil {
			return exitcode.New(exitcode.Usage,
				"stdin line %d: not a JSON record (%v): pipe the output of an ssmkit tool, e.g. `ssm-profiles | ssm-whoami`",
				lr.lineAt(dec.InputOffset()+leadingSpace(dec.Buffered())), err)
		}
		start := lr.lineAt(dec.InputOffset() - int64(len(data)))
		if len(data) > maxRecord {
			return exitcode.New(exitcode.Usage, "stdin line %d: record larger than %d bytes", start, maxRecord)
		}
		var head struct {
			Kind       string `json:"kind"`
			APIVersion string `json:"apiVersion"`
		}
		if data[0] != '{' || json.Unmarshal(data, &head) != nil {
			return exitcode.New(exitcode.Usage, "stdin line %d: expected a JSON object with a \"kind\", got %s: pipe the output of an ssmkit tool", start, jsonType(data))
		}
		if head.Kind == "" {
			return exitcode.New(exitcode.Usage, "stdin line %d: record has no \"kind\": pipe the output of an ssmkit tool", start)
		}
		if err := fn(Raw{Kind: head.Kind, APIVersion: head.APIVersion, Line: start, Data: data}); err != nil {
			return err
		}
	}
}

// ReadAll returns every record in r.
func ReadAll(r io.Reader) ([]Raw, error) {
	var out []Raw
	err := Each(r, func(raw Raw) error {
		out = append(out, raw)
		return nil
	})
	return out, err
}

// leadingSpace counts the white space before the next token, so an error
// points at the offending line rather than the end of the previous record.
func leadingSpace(r io.Reader) int64 {
	buf, _ := io.ReadAll(io.LimitReader(r, maxRecord))
	return int64(len(buf) - len(bytes.TrimLeft(buf, " \t\r\n")))
}

// jsonType names what a non-object value is without quoting it: stdin may be a
// file full of secrets piped by mistake.
func jsonType(data []byte) string {
	switch data[0] {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// lineCounter remembers where each line starts so decoder offsets map to lines.
type lineCounter struct {
	r      io.Reader
	read   int64
	starts []int64 // offsets of line starts after the first
	// consumed reports how far the decoder has got; reading more than
	// maxRecord past it means one value is too large, and reading stops
	// there instead of buffering the whole of it.
	consumed func() int64
}

const readChunk = 64 << 10

// errTooLarge stops a record that outgrows maxRecord while it is being read.
var errTooLarge = errors.New("record too large")

func (l *lineCounter) Read(p []byte) (int, error) {
	if l.consumed != nil && l.read-l.consumed() > maxRecord {
		return 0, errTooLarge
	}
	if len(p) > readChunk { // the decoder's buffer doubles; read in bounded steps
		p = p[:readChunk]
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		l.starts = append(l.starts, l.read+int64(i+j+1))
		i += j + 1
	}
	l.read += int64(n)
	return n, err
}

// lineAt returns the 1-based line holding the byte at offset.
func (l *lineCounter) lineAt(off int64) int {
	return 1 + sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off })
}
