// Package output holds the terminal rules (TTY detection, colour) and the
// record printers shared by every ssmkit binary.
package output

import (
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-colorable"
	"github.com/mattn/go-isatty"
)

// Streams are the standard streams and what is known about them.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// InPiped is true when stdin is a pipe or a file: the tool may read records.
	InPiped bool
	// OutTTY is true when stdout is a terminal: tables instead of NDJSON.
	OutTTY bool
	// Color enables ANSI colour on stdout.
	Color bool
}

// System returns the process's streams with TTY and colour detection applied.
// Colour needs a terminal, no NO_COLOR and a TERM other than "dumb".
func System() Streams {
	outTTY := isTerminal(os.Stdout)
	color := ColorAllowed(outTTY, os.Getenv)
	return Streams{
		In:      os.Stdin,
		Out:     colorOut(os.Stdout, color),
		Err:     os.Stderr,
		InPiped: isPipeOrFile(os.Stdin),
		OutTTY:  outTTY,
		Color:   color,
	}
}

// colorOut is where coloured output goes: on a Windows console without
// ANSI support (conhost before Windows 10, or with virtual terminal
// processing off) go-colorable turns the escape sequences fatih/color writes
// into console calls; everywhere else, and without colour, it is f itself.
func colorOut(f *os.File, color bool) io.Writer {
	if !color {
		return f
	}
	return colorable.NewColorable(f)
}

// ColorAllowed applies the colour rules of ARCHITECTURE.md, "The record
// protocol" (https://no-color.org).
func ColorAllowed(tty bool, getenv func(string) string) bool {
	return tty && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// Warnf writes one "warning:" line to stderr.
func (s Streams) Warnf(format string, args ...any) {
	fmt.Fprintf(s.Err, "warning: "+format+"\n", args...)
}

// Notef writes one "note:" line to stderr.
func (s Streams) Notef(format string, args ...any) {
	fmt.Fprintf(s.Err, "note: "+format+"\n", args...)
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// isPipeOrFile is deliberately narrow: a socket (ssh ProxyCommand) or a
// character device (/dev/null, a terminal) is never read, so a pre-flight
// check can never block on stdin.
func isPipeOrFile(f *os.File) bool {
	st, err := f.Stat()
	if err != nil {
		return false
	}
	m := st.Mode()
	return m&os.ModeNamedPipe != 0 || m.IsRegular()
}
