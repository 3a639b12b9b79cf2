// Package completion completes ssmkit command lines for bash, zsh, fish and
// PowerShell. The shell-side scripts are cobra's (spf13/cobra), which speak
// its documented "__complete" protocol; the answers come from the urfave/cli
// definitions of the running app (its commands and flags, as --help shows
// them) plus value sources for the flags whose values can be listed offline
// (profile names from the local AWS config, -o formats, session kinds).
// Nothing here touches the network.
package completion

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Candidate is one completion: the value, and the description zsh, fish and
// PowerShell show beside it.
type Candidate struct {
	Value       string
	Description string
}

// Directive tells the shell what to do besides offering the candidates; the
// values are cobra's ShellCompDirective bits, which its scripts read.
type Directive int

// The directives ssmkit uses.
const (
	// Files lets the shell complete file names (a flag whose value is a FILE).
	Files Directive = 0
	// NoSpace keeps the cursor after the value (not used for whole words).
	NoSpace Directive = 2
	// NoFiles offers only the candidates, never file names.
	NoFiles Directive = 4
)

// Result is the answer to one completion request.
type Result struct {
	Candidates []Candidate
	Directive  Directive
}

// Request names of the hidden command the scripts call: with and without
// descriptions (cobra's ShellCompRequestCmd and ShellCompNoDescRequestCmd).
const (
	RequestCommand       = "__complete"
	RequestCommandNoDesc = "__completeNoDesc"
)

// Write prints r as the scripts read it: one candidate per line, a tab and
// its description when descriptions are on, then ":<directive>".
func (r Result) Write(w io.Writer, descriptions bool) error {
	bw := bufio.NewWriter(w)
	for _, c := range r.Candidates {
		line := oneLine(c.Value)
		if d := oneLine(c.Description); descriptions && d != "" {
			line += "\t" + d
		}
		fmt.Fprintln(bw, line)
	}
	fmt.Fprintf(bw, ":%d\n", r.Directive)
	return bw.Flush()
}

// oneLine keeps a value or description from spilling into the next
// candidate: the protocol is one line each.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\t", " "))
}
