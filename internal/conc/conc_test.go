package conc

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// Twenty goroutines asking the same key make one call and all get its
// answer; an error is remembered like an answer.
func TestMemoAsksEachKeyOnce(t *testing.T) {
	var m Memo[int]
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	got := make([]int, 20)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = m.Do("k", func() (int, error) { calls.Add(1); <-release; return 42, nil })
		}()
	}
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d calls for one key, want 1", calls.Load())
	}
	for i, v := range got {
		if v != 42 {
			t.Errorf("asker %d got %d, want 42", i, v)
		}
	}
	denied := errors.New("AccessDenied")
	for range 2 {
		if _, err := m.Do("other", func() (int, error) { calls.Add(1); return 0, denied }); !errors.Is(err, denied) {
			t.Errorf("err = %v, want the first call's error", err)
		}
	}
	if calls.Load() != 2 {
		t.Errorf("a remembered error was asked again: %d calls", calls.Load())
	}
}

// No more than the limit run at once, and a cancelled context gives up
// waiting for a slot.
func TestCallBoundsCallsInFlight(t *testing.T) {
	l := NewLimit(2)
	var now, peak atomic.Int32
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = Call(context.Background(), l, func() (struct{}, error) {
				n := now.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				now.Add(-1)
				return struct{}{}, nil
			})
		}()
	}
	wg.Wait()
	if peak.Load() > 2 {
		t.Errorf("%d calls at once, limit 2", peak.Load())
	}
	full := NewLimit(1)
	full <- struct{}{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Call(ctx, full, func() (int, error) { t.Error("ran without a slot"); return 0, nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
