package sandbox

import (
	"context"
	"testing"
	"time"
)

// BenchmarkStartSeed measures start-up of the seed scenario, moto included (target: under
// 5 s on 2 cores): go test -run XXX -bench StartSeed -benchtime 5x ./internal/sandbox/
func BenchmarkStartSeed(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		env, err := Start(ctx, Options{Scenario: "seed"})
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		env.Close()
		b.StartTimer()
	}
}
