package cmdutil

import "context"

// UntilDone runs fn (typically a read from stdin, which cannot be cancelled)
// and returns its error, or ctx.Err() as soon as ctx ends: Ctrl-C and
// --timeout must stop a tool waiting on a pipe that never closes. fn then
// finishes on its own; the caller must not touch what fn writes unless
// UntilDone returned fn's own result.
func UntilDone(ctx context.Context, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
