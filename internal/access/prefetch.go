package access

import (
	"context"
	"sync"

	"github.com/ssmkit/ssmkit/internal/target"
)

// connections holds GetConnectionStatus answers asked for targets named by
// id while the ids are still being resolved: the pre-flight's one target
// (ssh passes %h, an instance id) then costs no round trip after
// DescribeInstances and DescribeInstanceInformation. A target resolution
// finds not running or not Online simply leaves its answer unused.
type connections struct {
	mu sync.Mutex
	m  map[string]*connAnswer
}

type connAnswer struct {
	done   chan struct{}
	status string
	err    error
}

// prefetchConnections starts GetConnectionStatus for every i-/mi- spec when
// the checker asks for connections at all.
func (c *Checker) prefetchConnections(ctx context.Context, specs []target.Spec) *connections {
	p := &connections{m: map[string]*connAnswer{}}
	if !c.Connection {
		return p
	}
	for _, sp := range specs {
		if (sp.Kind != target.InstanceID && sp.Kind != target.ManagedID) || p.m[sp.Value] != nil || len(p.m) >= maxPrefetch {
			continue
		}
		a := &connAnswer{done: make(chan struct{})}
		p.m[sp.Value] = a
		go func(id string) {
			defer close(a.done)
			a.status, a.err = c.Resolver.Connection(ctx, id)
		}(sp.Value)
	}
	return p
}

// maxPrefetch bounds the calls started before resolution; ids beyond it are
// asked afterwards, as any other target is.
const maxPrefetch = 8

// connection is the prefetched answer for id, or a new call.
func (p *connections) connection(ctx context.Context, c *Checker, id string) (string, error) {
	p.mu.Lock()
	a := p.m[id]
	p.mu.Unlock()
	if a == nil {
		return c.Resolver.Connection(ctx, id)
	}
	select {
	case <-a.done:
		return a.status, a.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
