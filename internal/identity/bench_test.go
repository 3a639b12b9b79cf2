package identity

import (
	"context"
	"fmt"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/runas"
	"testing"
)

// BenchmarkOfflineExpired is the in-process cost of the expired-token answer
// (the whole process is timed by scripts/bench.d/whoami.sh).
func BenchmarkOfflineExpired(b *testing.B) {
	r := &Resolver{Now: clock, Connect: func(context.Context, string) (Clients, error) {
		b.Fatal("the expired-token path must not connect")
		return Clients{}, nil
	}}
	p := ssoProfile(ssocache.Expired)
	for b.Loop() {
		if id := r.Resolve(context.Background(), p); id.Code != 4 {
			b.Fatalf("code %d", id.Code)
		}
	}
}

// BenchmarkStream50 is ssm-whoami's own overhead for 50 profiles against an STS
// that answers at once: parsing, ordering and bookkeeping, no network.
func BenchmarkStream50(b *testing.B) {
	sts := &fakeSTS{arn: ssoARN, account: "925774240130"}
	r := &Resolver{Now: clock, Connect: func(context.Context, string) (Clients, error) { return Clients{STS: sts}, nil }}
	subjects := make([]runas.Subject, 50)
	for i := range subjects {
		subjects[i] = runas.Subject{Profile: profiles.Profile{Name: fmt.Sprintf("p%02d", i), SSORegion: "eu-west-1"}}
	}
	for b.Loop() {
		in := make(chan runas.Subject)
		go func() {
			defer close(in)
			for _, p := range subjects {
				in <- p
			}
		}()
		n := 0
		if err := r.Stream(context.Background(), DefaultConcurrency, in, func(Identity) error { n++; return nil }); err != nil || n != 50 {
			b.Fatalf("%d answers, %v", n, err)
		}
	}
}
