package main

import "github.com/ssmkit/ssmkit/internal/exitcode"

// usage marks bad input in a file the user owns (exit 2).
func usage(err error) error { return exitcode.Wrap(exitcode.Usage, err) }
