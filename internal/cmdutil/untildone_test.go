package cmdutil

import (
	"context"
	"errors"
	"testing"
)

func TestUntilDone(t *testing.T) {
	t.Run("fn's error when it finishes", func(t *testing.T) {
		want := errors.New("bad line 3")
		if got := UntilDone(context.Background(), func() error { return want }); !errors.Is(got, want) {
			t.Errorf("UntilDone = %v, want %v", got, want)
		}
	})
	t.Run("fn's nil when it finishes", func(t *testing.T) {
		if got := UntilDone(context.Background(), func() error { return nil }); got != nil {
			t.Errorf("UntilDone = %v, want nil", got)
		}
	})
	t.Run("the context's error while fn is still blocked", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		block := make(chan struct{})
		defer close(block)
		got := UntilDone(ctx, func() error { <-block; return nil })
		if !errors.Is(got, context.Canceled) {
			t.Errorf("UntilDone = %v, want context.Canceled", got)
		}
	})
}
