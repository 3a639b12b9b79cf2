package target

import (
	"context"
	"sort"
)

// nodeLookup is DescribeInstanceInformation for the i-/mi- ids a user typed,
// started before DescribeInstances answers. Only when every spec is an id:
// with names, tags or addresses among them one lookup after EC2 covers all
// (one call rather than two).
type nodeLookup struct {
	early   bool
	typed   map[string]bool
	managed []string // mi- ids typed, looked up with the found instances when not early
	done    chan struct{}
	nodes   map[string]Node
	err     error
}

func startNodeLookup(ctx context.Context, r *Resolver, specs []Spec) *nodeLookup {
	l := &nodeLookup{early: len(specs) > 0, typed: map[string]bool{}, done: make(chan struct{})}
	for _, sp := range specs {
		switch sp.Kind {
		case ManagedID:
			l.managed = append(l.managed, sp.Value)
		case InstanceID:
		default:
			l.early = false
		}
		if sp.Kind == InstanceID || sp.Kind == ManagedID {
			l.typed[sp.Value] = true
		}
	}
	if !l.early {
		close(l.done)
		return l
	}
	ids := make([]string, 0, len(l.typed))
	for id := range l.typed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	go func() {
		defer close(l.done)
		l.nodes, l.err = r.nodesByID(ctx, ids)
	}()
	return l
}

// wait returns the nodes of the typed ids and of found, the instance ids
// EC2 returned.
func (l *nodeLookup) wait(ctx context.Context, r *Resolver, found []string) (map[string]Node, error) {
	if !l.early {
		return r.nodesByID(ctx, append(sortedCopy(found), l.managed...))
	}
	var rest []string
	for _, id := range found {
		if !l.typed[id] {
			rest = append(rest, id)
		}
	}
	var more map[string]Node
	var moreErr error
	if len(rest) > 0 { // an instance EC2 returned that was not typed: none today, kept for safety
		more, moreErr = r.nodesByID(ctx, sortedCopy(rest))
	}
	<-l.done
	out := map[string]Node{}
	for id, n := range l.nodes {
		out[id] = n
	}
	for id, n := range more {
		out[id] = n
	}
	if l.err != nil {
		return out, l.err
	}
	return out, moreErr
}
