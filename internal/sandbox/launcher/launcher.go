// Package launcher is the ssm-sandbox command: flags, start-up, environment output and
// shutdown on SIGINT/SIGTERM.
package launcher

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenarios"
)

// faultFlags collects repeated --fault values.
type faultFlags []scenario.Fault

func (f *faultFlags) String() string { return fmt.Sprint(len(*f)) }

func (f *faultFlags) Set(v string) error {
	fl, err := scenario.ParseFault(v)
	if err != nil {
		return err
	}
	*f = append(*f, fl)
	return nil
}

// Main runs the launcher and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	stopWithParent()
	return Run(ctx, args, stdout, stderr)
}

// Run starts the sandbox, prints `export` lines and `ready`, and blocks until ctx ends.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ssm-sandbox", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // one error line instead of the whole usage
	name := fs.String("scenario", "seed", "bundled scenario ("+strings.Join(scenarios.Names(), ", ")+") or a YAML file")
	auditPath := fs.String("audit", "", "write the audit log (one JSON line per call) to this file")
	dir := fs.String("dir", "", "keep HOME and files here instead of a temp dir removed at exit")
	verbose := fs.Bool("v", false, "show moto_server's output on stderr")
	envFile := fs.String("env-file", "", "also write the unset/export lines to this file (complete once it exists)")
	fleet := fs.Int("fleet-size", 0, "number of generated instances for scenarios with `generate` (fleet: default 5000)")
	var faults faultFlags
	fs.Var(&faults, "fault", "inject a fault: service:Operation=kind[,times=N][,p=0.5][,latency=2s]; kinds latency, throttle, error500, error503, reset, hang, denied, expired (repeatable)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.SetOutput(stderr)
			fmt.Fprintln(stderr, "usage: ssm-sandbox [--scenario NAME|FILE] [--audit FILE] [--fault SPEC]... [--dir DIR] [-v]")
			fs.PrintDefaults()
			return exitcode.OK
		}
		fmt.Fprintf(stderr, "error: %v (see ssm-sandbox --help)\n", err)
		return exitcode.Usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "error: unexpected argument %q (use --scenario NAME)\n", fs.Arg(0))
		return exitcode.Usage
	}
	if _, err := scenarios.Load(*name); err != nil {
		// A scenario can have several problems: each gets its own `error: file:line: ...` line.
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(stderr, "error: %s\n", line)
		}
		return exitcode.Usage
	}
	for flagName, path := range map[string]string{"--audit": *auditPath, "--env-file": *envFile} {
		if err := parentIsDir(path); err != nil {
			fmt.Fprintf(stderr, "error: %s %s: %v (create the directory first)\n", flagName, path, err)
			return exitcode.Usage
		}
	}
	if *fleet < 0 {
		fmt.Fprintln(stderr, "error: --fleet-size must not be negative")
		return exitcode.Usage
	}
	opts := sandbox.Options{Scenario: *name, AuditPath: *auditPath, Faults: faults, Dir: *dir, FleetSize: *fleet}
	if *verbose {
		opts.MotoLog = stderr
	}
	startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	began := time.Now()
	env, err := sandbox.Start(startCtx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		if ctx.Err() != nil {
			return exitcode.Interrupted
		}
		return exitcode.Unknown
	}
	defer env.Close()
	lines := exports(env)
	if *envFile != "" {
		if err := writeAtomic(*envFile, lines); err != nil {
			fmt.Fprintf(stderr, "error: writing --env-file: %v\n", err)
			return exitcode.Usage
		}
		defer os.Remove(*envFile)
	}
	fmt.Fprintf(stderr, "ssm-sandbox: scenario %s ready in %.1fs at %s (audit log %s)\n", env.Scenario.Name, time.Since(began).Seconds(), env.URL, env.AuditPath)
	fmt.Fprint(stdout, lines)
	fmt.Fprintln(stdout, "ready")
	select {
	case <-ctx.Done():
		fmt.Fprintln(stderr, "ssm-sandbox: stopping")
		return exitcode.OK
	case <-env.MotoDone():
		fmt.Fprintln(stderr, "error: moto_server exited; stopping the sandbox (run with -v to see its output)")
		return exitcode.Unknown
	}
}

// exports renders the unset line and one export line per variable, shell-quoted.
func exports(env *sandbox.Env) string {
	var b strings.Builder
	fmt.Fprintf(&b, "unset %s\n", strings.Join(sandbox.Unset(), " "))
	for _, kv := range env.Vars() {
		fmt.Fprintf(&b, "export %s=%s\n", kv[0], shellQuote(kv[1]))
	}
	return b.String()
}

// writeAtomic writes via a temp file and rename, so a reader polling for path sees it whole.
func writeAtomic(path, text string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// parentIsDir checks, before anything starts, that a file can be created at path.
func parentIsDir(path string) error {
	if path == "" {
		return nil
	}
	fi, err := os.Stat(filepath.Dir(path))
	if err != nil {
		return errors.New("its directory does not exist")
	}
	if !fi.IsDir() {
		return errors.New("its parent is not a directory")
	}
	return nil
}

// shellQuote quotes a value for POSIX shells when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@%+,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
