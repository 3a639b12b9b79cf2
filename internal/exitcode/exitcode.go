// Package exitcode holds the exit codes shared by every ssmkit binary
// (ARCHITECTURE.md, "Exit codes").
package exitcode

import (
	"context"
	"errors"
	"fmt"
)

// The documented exit codes, the same in every binary.
const (
	OK          = 0   // yes / ready / found
	No          = 1   // no / not ready / nothing matched
	Usage       = 2   // usage error or bad input
	Unknown     = 3   // could not determine (network, throttling, timeout, not allowed)
	Credentials = 4   // credentials missing or expired: log in first
	Interrupted = 130 // interrupted by a signal
)

// Error carries an exit code alongside the error that caused it.
type Error struct {
	Code int
	Err  error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return ""
	}
	return e.Err.Error()
}
func (e *Error) Unwrap() error { return e.Err }

// New formats an error (with %w support) that exits with code.
func New(code int, format string, args ...any) error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// Wrap attaches code to err; a nil err stays nil.
func Wrap(code int, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Err: err}
}

// Silent exits with code without printing anything: the records already said
// why (or -q asked for silence).
func Silent(code int) error {
	if code == OK {
		return nil
	}
	return &Error{Code: code}
}

// Of maps an error to its exit code. Errors without a code are "could not
// determine" (3): an unexpected failure must never read as a plain "no".
func Of(err error) int {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if errors.Is(err, context.Canceled) {
		return Interrupted
	}
	return Unknown
}

// severity orders codes from best to worst for Worst.
var severity = map[int]int{OK: 0, No: 1, Unknown: 2, Credentials: 3, Usage: 4, Interrupted: 5}

// Worst returns the most severe of codes (OK when there are none):
// interrupted > usage > credentials > unknown > no > ok.
func Worst(codes ...int) int {
	worst := OK
	for _, c := range codes {
		if rank(c) > rank(worst) {
			worst = c
		}
	}
	return worst
}

func rank(code int) int {
	if r, ok := severity[code]; ok {
		return r
	}
	return severity[Unknown]
}
