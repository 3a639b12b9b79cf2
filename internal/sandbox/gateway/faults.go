package gateway

import (
	"math/rand/v2"
	"path"
	"sync"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// faults decides, call by call, which configured fault (if any) applies.
type faults struct {
	mu    sync.Mutex
	list  []scenario.Fault
	seen  []int
	rng   *rand.Rand
	delay []time.Duration
}

func newFaults(list []scenario.Fault, seed uint64) *faults {
	f := &faults{list: list, seen: make([]int, len(list)), rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), delay: make([]time.Duration, len(list))}
	for i, fl := range list {
		if fl.Kind == scenario.FaultLatency {
			f.delay[i], _ = time.ParseDuration(fl.Latency)
		}
	}
	return f
}

// matchOperation reports whether pattern (`service:Operation`, globs allowed) names the call.
func matchOperation(pattern, service, operation string) bool {
	ok, err := path.Match(pattern, service+":"+operation)
	return err == nil && ok
}

// pick returns the first fault that applies to this call, counting it toward `times`.
func (f *faults) pick(service, operation string) (scenario.Fault, time.Duration, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, fl := range f.list {
		if !matchOperation(fl.Operation, service, operation) {
			continue
		}
		f.seen[i]++
		if fl.Times > 0 && f.seen[i] > fl.Times {
			continue
		}
		if fl.Probability > 0 && f.rng.Float64() >= fl.Probability {
			continue
		}
		return fl, f.delay[i], true
	}
	return scenario.Fault{}, 0, false
}
