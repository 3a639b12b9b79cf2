package identity

import (
	"context"

	"github.com/ssmkit/ssmkit/internal/runas"
)

// DefaultConcurrency keeps well under STS's per-account request rate while
// turning 50 profiles into 5 round trips instead of 50.
const DefaultConcurrency = 10

// Stream resolves the profiles arriving on in with at most concurrency in
// flight, and calls emit for each answer in input order, as soon as it and all
// before it are ready. It returns emit's first error after draining the rest.
func (r *Resolver) Stream(ctx context.Context, concurrency int, in <-chan runas.Subject, emit func(Identity) error) error {
	if concurrency < 1 {
		concurrency = 1
	}
	slots := make(chan struct{}, concurrency)
	// pending holds one future per profile, in input order; its capacity keeps
	// finished-but-unprinted answers bounded too.
	pending := make(chan chan Identity, concurrency)
	go func() {
		defer close(pending)
		for p := range in {
			slots <- struct{}{}
			fut := make(chan Identity, 1)
			pending <- fut
			go func(p runas.Subject) {
				defer func() { <-slots }()
				fut <- r.Resolve(ctx, p)
			}(p)
		}
	}()
	var err error
	for fut := range pending {
		id := <-fut
		if err == nil {
			err = emit(id)
		}
	}
	return err
}
