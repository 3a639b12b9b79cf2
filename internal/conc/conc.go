// Package conc holds the two concurrency helpers the AWS readers share
// (internal/gather, internal/identitycenter): a bound on calls in flight,
// and a memo that asks each question once however many goroutines ask it.
package conc

import (
	"context"
	"sync"
)

// Limit bounds how many calls run at once.
type Limit chan struct{}

// NewLimit allows n calls at once (n >= 1).
func NewLimit(n int) Limit { return make(Limit, max(n, 1)) }

// Call runs fn once a slot is free, or gives up when ctx ends first.
func Call[T any](ctx context.Context, l Limit, fn func() (T, error)) (T, error) {
	select {
	case l <- struct{}{}:
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
	defer func() { <-l }()
	return fn()
}

// Memo answers each key once; concurrent askers wait for the first answer,
// errors included (a refused read is not asked again in the same run).
// The zero Memo is ready to use.
type Memo[V any] struct {
	mu sync.Mutex
	m  map[string]*cell[V]
}

type cell[V any] struct {
	done chan struct{}
	v    V
	err  error
}

// Do returns the answer for key, calling fn only for the first asker.
func (m *Memo[V]) Do(key string, fn func() (V, error)) (V, error) {
	m.mu.Lock()
	if m.m == nil {
		m.m = map[string]*cell[V]{}
	}
	c, ok := m.m[key]
	if !ok {
		c = &cell[V]{done: make(chan struct{})}
		m.m[key] = c
	}
	m.mu.Unlock()
	if ok {
		<-c.done
		return c.v, c.err
	}
	defer close(c.done)
	c.v, c.err = fn()
	return c.v, c.err
}
