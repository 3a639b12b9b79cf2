package main

import (
	"context"
	"os"
	"os/exec"
	"time"

	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/readiness"
)

// deps is everything ssm-readiness needs from the outside world.
type deps struct {
	env      paths.Getenv
	home     paths.Home
	now      func() time.Time
	programs programs
	// awsOptions, when set, tunes the AWS client options (--evidence records
	// through them, --from-evidence replays through them: evidence.go).
	awsOptions func(*awsclient.Options)
	// onRecords, when set, sees the records the run prints (evidence.go).
	onRecords func(piped, []readiness.Readiness)
}

func systemDeps() deps {
	return deps{env: os.Getenv, home: paths.HomeDir, now: time.Now, programs: execPrograms{}}
}

// programs is readiness.Programs: the local tools on PATH.
type programs interface {
	LookPath(name string) (string, error)
	Output(ctx context.Context, path string, args ...string) ([]byte, error)
}

// execPrograms runs real programs; each version query is bounded so a
// hanging tool cannot stall the run.
type execPrograms struct{}

func (execPrograms) LookPath(name string) (string, error) { return exec.LookPath(name) }

func (execPrograms) Output(ctx context.Context, path string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = nil
	return cmd.CombinedOutput()
}
