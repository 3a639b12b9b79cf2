package identity

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/runas"
)

// gateSTS holds every call until the test releases it, answering with the
// profile's own session name so the output order can be checked.
type gateSTS struct {
	inflight, max atomic.Int32
	started       chan string
	mu            sync.Mutex
	release       map[string]chan struct{}
}

func (g *gateSTS) gate(name string) chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.release[name] == nil {
		g.release[name] = make(chan struct{})
	}
	return g.release[name]
}

type profileKey struct{}

func (g *gateSTS) GetCallerIdentity(ctx context.Context, _ *sts.GetCallerIdentityInput, _ ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	name := ctx.Value(profileKey{}).(string)
	n := g.inflight.Add(1)
	for {
		m := g.max.Load()
		if n <= m || g.max.CompareAndSwap(m, n) {
			break
		}
	}
	g.started <- name
	<-g.gate(name)
	g.inflight.Add(-1)
	arn := "arn:aws:sts::111122223333:assumed-role/R/" + name
	return &sts.GetCallerIdentityOutput{Arn: aws.String(arn), Account: aws.String("111122223333")}, nil
}

// TestStreamBoundsConcurrencyAndKeepsInputOrder releases each batch of calls in
// reverse order: answers finish out of order yet print in input order, and no
// more than the bound are ever in flight.
func TestStreamBoundsConcurrencyAndKeepsInputOrder(t *testing.T) {
	const total, bound = 9, 3
	g := &gateSTS{started: make(chan string, total), release: map[string]chan struct{}{}}
	r := &Resolver{Now: clock, Connect: func(context.Context, string) (Clients, error) { return Clients{STS: g}, nil }}
	in := make(chan runas.Subject)
	go func() {
		defer close(in)
		for i := range total {
			in <- runas.Subject{Profile: profiles.Profile{Name: fmt.Sprintf("p%d", i)}}
		}
	}()
	go func() {
		for batch := 0; batch < total/bound; batch++ {
			var names []string
			for range bound {
				names = append(names, <-g.started)
			}
			for i := len(names) - 1; i >= 0; i-- {
				close(g.gate(names[i]))
			}
		}
	}()
	var got []string
	ctx := context.Background()
	err := r.streamWithContext(ctx, bound, in, func(id Identity) error {
		got = append(got, id.Profile+"="+id.SessionName)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range total {
		want = append(want, fmt.Sprintf("p%d=p%d", i, i))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if g.max.Load() > bound {
		t.Errorf("%d calls in flight at once, bound is %d", g.max.Load(), bound)
	}
}

// streamWithContext tags each call's context with its profile for gateSTS.
func (r *Resolver) streamWithContext(ctx context.Context, n int, in <-chan runas.Subject, emit func(Identity) error) error {
	inner := r.Connect
	r2 := *r
	r2.Connect = func(ctx context.Context, profile string) (Clients, error) {
		c, err := inner(ctx, profile)
		c.STS = tagged{c.STS, profile}
		return c, err
	}
	return r2.Stream(ctx, n, in, emit)
}

type tagged struct {
	STSAPI
	profile string
}

func (t tagged) GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, o ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	return t.STSAPI.GetCallerIdentity(context.WithValue(ctx, profileKey{}, t.profile), in, o...)
}
