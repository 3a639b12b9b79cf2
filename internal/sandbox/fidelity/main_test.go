package fidelity

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/gateway"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// fixture is the one sandbox of this package (the seed scenario): moto is slow to start,
// so every test uses it. The two CLIs of a test run in parallel; tests run one by one.
type fixture struct {
	env    *sandbox.Env
	v1, v2 awsCLI
	// err says why the sandbox could not start; tests fail (CI) or skip on it.
	err error
	mu  sync.Mutex
	// creds caches role-session environments by "cli/account/permissionSet".
	creds map[string][]string
}

var fx fixture

func TestMain(m *testing.M) {
	flag.Parse()
	// Most of a CLI run is Python start-up and waiting on the sandbox, so GOMAXPROCS (2 here)
	// parallel CLI processes leave a core idle; 4 keep both busy. -parallel N still wins.
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", "4")
	}
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	v1, v2 := findCLIs()
	fx.v1 = awsCLI{Name: "v1", Path: v1}
	fx.v2 = awsCLI{Name: "v2", Path: v2, NeedsEndpointFlag: true}
	fx.creds = map[string][]string{}
	if _, err := exec.LookPath("moto_server"); err != nil {
		fx.err = fmt.Errorf(`moto_server is missing: pip install "moto[server]"`)
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	env, err := sandbox.Start(ctx, sandbox.Options{Scenario: "seed"})
	cancel()
	if err != nil {
		fx.err = err
		return m.Run()
	}
	defer env.Close()
	fx.env = env
	return m.Run()
}

// setup returns the shared sandbox, failing under CI=true (skipping elsewhere) when it
// could not start.
func setup(t *testing.T) *fixture {
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
func (s *fixture) clis() []awsCLI { return []awsCLI{s.v1, s.v2} }

// sc is the scenario the sandbox was seeded from: every expected value comes from it.
func (s *fixture) sc() *scenario.Scenario { return s.env.Scenario }

// vars are the sandbox's variables as KEY=value, what `ssm-sandbox` prints as exports.
func (s *fixture) vars() []string {
	var out []string
	for _, kv := range s.env.Vars() {
		out = append(out, kv[0]+"="+kv[1])
	}
	return out
}

// gatewayWith starts an extra gateway in front of the shared moto with the given faults,
// served world and its own audit log, so these tests never disturb the others.
func (s *fixture) gatewayWith(t *testing.T, world *gateway.World, faults ...scenario.Fault) (url, auditPath string) {
	t.Helper()
	auditPath = filepath.Join(t.TempDir(), "audit.jsonl")
	f, err := os.Create(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if world == nil {
		world = &gateway.World{Region: s.sc().Region}
	}
	gw, err := gateway.Start(gateway.Options{MotoURL: s.env.MotoURL, World: world, Faults: faults, Audit: audit.NewWriter(f)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = gw.Close() })
	return gw.URL, auditPath
}
