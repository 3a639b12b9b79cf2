package sandbox

import (
	"context"
	"os/exec"
	"testing"
	"time"
)

// StartT starts a sandbox for a test and stops it in t.Cleanup. A missing moto_server
// fails the test (never skips): pip install "moto[server]".
func StartT(t testing.TB, name string, opts ...func(*Options)) *Env {
	t.Helper()
	if _, err := exec.LookPath("moto_server"); err != nil {
		t.Fatalf("the sandbox needs moto_server: pip install \"moto[server]\"")
	}
	o := Options{Scenario: name}
	for _, f := range opts {
		f(&o)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	env, err := Start(ctx, o)
	if err != nil {
		t.Fatalf("starting sandbox %s: %v", name, err)
	}
	t.Cleanup(env.Close)
	return env
}
