package main

import (
	"github.com/ssmkit/ssmkit/internal/cmdutil"
	"github.com/ssmkit/ssmkit/internal/readiness"
	"github.com/urfave/cli/v2"
)

// startLocal runs the --local checks in the background, so the tools'
// --version runs overlap with reading stdin and checking the targets (they
// share no state): in a pipeline, ssm-readiness waits for ssm-canconnect
// anyway. wait returns the record; stop abandons it on an early return.
func startLocal(c *cli.Context, d deps) (wait func() (readiness.Readiness, error), stop func()) {
	ctx, cancel := cmdutil.WithTimeout(c)
	type result struct {
		rec readiness.Readiness
		err error
	}
	done := make(chan result, 1)
	go func() {
		rec, err := localRecord(ctx, d, c.String(flagSSHConfig))
		if err == nil && ctx.Err() != nil {
			err = cmdutil.TimeoutError(c, "checking this machine")
		}
		done <- result{rec, err}
	}()
	return func() (readiness.Readiness, error) {
		r := <-done
		return r.rec, r.err
	}, cancel
}
