package simulate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/ssmkit/ssmkit/internal/decision"
	"github.com/ssmkit/ssmkit/internal/policy"
)

// MaxCaseLine bounds one case line: far above any real case (AWS's largest
// policy is 32 KB), so a file without newlines (a binary, /dev/zero piped in
// by mistake) ends the batch instead of exhausting memory.
const MaxCaseLine = 16 << 20

// RunBatch evaluates one case per input line, in order, handing each
// Decision to emit as soon as it is made. A line that is not a valid case
// gives an error Decision and the batch goes on; blank lines are skipped.
// It stops when emit fails, the input cannot be read, or a line is longer
// than MaxCaseLine.
func RunBatch(r io.Reader, emit func(decision.Decision) error) error {
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := readLine(br)
		if errors.Is(err, errLineTooLong) {
			return fmt.Errorf("stdin line %d is longer than %d MiB: --batch reads one JSON case per line", n, MaxCaseLine>>20)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			if e := emit(evaluateLine(n, line)); e != nil {
				return e
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading cases from stdin: %w", err)
		}
	}
}

var errLineTooLong = errors.New("line too long")

// readLine reads up to and including '\n', refusing lines over MaxCaseLine.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > MaxCaseLine {
			return nil, errLineTooLong
		}
		line = append(line, chunk...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}

func evaluateLine(n int, line []byte) decision.Decision {
	c, err := ParseCase(line)
	if err != nil {
		return decision.Failed(c.ID, fmt.Errorf("line %d: %w", n, err))
	}
	d := Evaluate(c)
	if d.Decision == decision.NotEvaluated {
		d.Message = fmt.Sprintf("line %d: %s", n, d.Message)
	}
	return d
}

// Evaluate runs one case; a case that cannot be evaluated gives an error record.
func Evaluate(c Case) decision.Decision {
	req, set, err := c.Build()
	if err != nil {
		return decision.Failed(c.ID, err)
	}
	res, err := policy.Evaluate(req, set)
	if err != nil {
		return decision.Failed(c.ID, err)
	}
	return decision.New(c.ID, req, res)
}
