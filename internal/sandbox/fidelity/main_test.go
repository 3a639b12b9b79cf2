package fidelity

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/gateway"
	"github.com/ssmkit/ssmkit/internal/sandbox/moto"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// shared is the one sandbox of this package: moto is slow to start, so every test uses it.
type shared struct {
	motoURL string
	world   *gateway.World
	v1, v2  awsCLI
	// err says why the sandbox could not start; tests fail (CI) or skip on it.
	err error
}

var fx shared

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	v1, v2 := findCLIs()
	fx.v1 = awsCLI{Name: "v1", Path: v1}
	fx.v2 = awsCLI{Name: "v2", Path: v2, NeedsEndpointFlag: true}
	if _, err := exec.LookPath("moto_server"); err != nil {
		fx.err = fmt.Errorf(`moto_server is missing: pip install "moto[server]"`)
		return m.Run()
	}
	srv, err := moto.Start(context.Background(), moto.Options{})
	if err != nil {
		fx.err = err
		return m.Run()
	}
	defer srv.Stop()
	fx.motoURL, fx.world = srv.URL, &gateway.World{Region: "eu-west-1"}
	return m.Run()
}

// sandbox returns the shared sandbox, failing under CI=true (skipping elsewhere) when it
// could not start.
func sandbox(t *testing.T) *shared {
	t.Helper()
	if fx.err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("sandbox: %v", fx.err)
		}
		t.Skipf("sandbox: %v (under CI=true this fails)", fx.err)
	}
	return &fx
}

// clis returns both CLIs for table tests; each subtest calls requireCLI.
func (s *shared) clis() []awsCLI { return []awsCLI{s.v1, s.v2} }

// gatewayWith starts an extra gateway in front of the shared moto with the given faults
// and its own audit log, so fault tests never disturb the others.
func (s *shared) gatewayWith(t *testing.T, faults ...scenario.Fault) (url, auditPath string) {
	t.Helper()
	auditPath = filepath.Join(t.TempDir(), "audit.jsonl")
	f, err := os.Create(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	gw, err := gateway.Start(gateway.Options{MotoURL: s.motoURL, World: s.world, Faults: faults, Audit: audit.NewWriter(f)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = gw.Close() })
	return gw.URL, auditPath
}
