package exitcode

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestOf(t *testing.T) {
	base := errors.New("boom")
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil is ok", nil, OK},
		{"coded", New(Credentials, "token expired"), Credentials},
		{"wrapped coded", fmt.Errorf("profile x: %w", New(Usage, "bad")), Usage},
		{"plain error is unknown", base, Unknown},
		{"cancelled is interrupted", fmt.Errorf("x: %w", context.Canceled), Interrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Of(tt.err); got != tt.want {
				t.Errorf("Of() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestWrapKeepsCause(t *testing.T) {
	base := errors.New("boom")
	err := Wrap(No, base)
	if !errors.Is(err, base) || err.Error() != "boom" {
		t.Fatalf("Wrap lost the cause: %v", err)
	}
	if Wrap(No, nil) != nil {
		t.Fatal("Wrap(nil) must stay nil")
	}
}

func TestWorst(t *testing.T) {
	tests := []struct {
		codes []int
		want  int
	}{
		{nil, OK},
		{[]int{OK, No}, No},
		{[]int{No, Unknown, OK}, Unknown},
		{[]int{Unknown, Credentials}, Credentials},
		{[]int{Credentials, Usage, No}, Usage},
		{[]int{Usage, Interrupted}, Interrupted},
	}
	for _, tt := range tests {
		if got := Worst(tt.codes...); got != tt.want {
			t.Errorf("Worst(%v) = %d, want %d", tt.codes, got, tt.want)
		}
	}
}
