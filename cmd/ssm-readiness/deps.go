package main

import (
	"context"
	"os"
	"os/exec"
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
)

// deps is everything ssm-readiness needs from the outside world.
type deps struct {
	env      paths.Getenv
	home     paths.Home
	now      func() time.Time
	programs programs
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
