// Command ssm-profiles is part of ssmkit; see README.md and --help.
package main

import (
	"os"
	"runtime/debug"

	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/output"
)

func main() {
	// A short-lived process that keeps every record (~2 KB per profile)
	// until it prints: collecting only past 256 MiB makes 10,000 profiles
	// about a fifth faster (BENCHMARKS.md, "Garbage collection"); bigger
	// inputs still get collected. Process-wide, so set here, not in a command.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(256 << 20)
	os.Exit(cmdutil.Run(newApp(), os.Args, output.System()))
}
