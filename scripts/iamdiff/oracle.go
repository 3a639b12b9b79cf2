package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/ssmkit/ssmkit/internal/simulate"
)

// verdict is one evaluator's answer to a case.
type verdict struct {
	Decision string   `json:"decision"`
	Message  string   `json:"message,omitempty"`
	Ignored  []string `json:"ignoredContextKeys,omitempty"`
}

// ours evaluates a case with ssmkit's evaluator, exactly as `simulate --batch` would.
func ours(line []byte) verdict {
	c, err := simulate.ParseCase(line)
	if err != nil {
		return verdict{Decision: "error", Message: err.Error()}
	}
	d := simulate.Evaluate(c)
	return verdict{Decision: d.Decision, Message: d.Message}
}

// oracle is the independent evaluator: runner.mjs in a long-lived node
// process, one case per line each way, so shrinking costs milliseconds.
type oracle struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startOracle(runner, iamsimDir string) (*oracle, error) {
	cmd := exec.Command("node", runner)
	cmd.Env = append(os.Environ(), "IAMSIM_DIR="+iamsimDir)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting node: %w", err)
	}
	return &oracle{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20)}, nil
}

func (o *oracle) eval(line []byte) (verdict, error) {
	if _, err := o.in.Write(append(append([]byte{}, line...), '\n')); err != nil {
		return verdict{}, fmt.Errorf("writing to the node runner: %w", err)
	}
	resp, err := o.out.ReadBytes('\n')
	if err != nil {
		return verdict{}, errors.New("the node runner stopped (is IAMSIM_DIR right?)")
	}
	var v verdict
	if err := json.Unmarshal(resp, &v); err != nil {
		return verdict{}, fmt.Errorf("reading the node runner: %w", err)
	}
	return v, nil
}

func (o *oracle) close() error {
	_ = o.in.Close()
	return o.cmd.Wait()
}
