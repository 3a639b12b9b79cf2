package simulate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// RunBatch evaluates one case per input line, in order, handing each
// Decision to emit as soon as it is made. A line that is not a valid case
// gives an error Decision and the batch goes on; blank lines are skipped.
// Lines may be of any length (policies can be large). It stops only when
// emit fails or the input cannot be read.
func RunBatch(r io.Reader, emit func(Decision) error) error {
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
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

func evaluateLine(n int, line []byte) Decision {
	c, err := ParseCase(line)
	if err != nil {
		return ErrorDecision(c.ID, fmt.Errorf("line %d: %w", n, err))
	}
	d := Evaluate(c)
	if d.Decision == DecisionError {
		d.Message = fmt.Sprintf("line %d: %s", n, d.Message)
	}
	return d
}
