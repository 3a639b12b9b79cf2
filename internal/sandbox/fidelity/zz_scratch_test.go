package fidelity

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox"
)

func TestZZScratch(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	start := time.Now()
	env := sandbox.StartT(t, "seed")
	var b strings.Builder
	b.WriteString("# started in " + time.Since(start).String() + "\n")
	for _, kv := range env.Vars() {
		b.WriteString("export " + kv[0] + "='" + kv[1] + "'\n")
	}
	b.WriteString("export MOTO=" + env.MotoURL + "\n")
	os.WriteFile("/tmp/scratch/env.sh", []byte(b.String()), 0o644)
	for i := 0; i < 1200; i++ {
		if _, err := os.Stat("/tmp/scratch/stop"); err == nil {
			return
		}
		time.Sleep(time.Second)
	}
}
