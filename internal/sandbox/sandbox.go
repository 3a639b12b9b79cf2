// Package sandbox starts a local AWS world for tests and demos: moto_server behind a Go
// gateway, seeded from a scenario, plus the local ~/.aws of the person at the keyboard.
// The tools under test reach it only through standard AWS environment variables.
package sandbox

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/gateway"
	"github.com/ssmkit/ssmkit/internal/sandbox/moto"
	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenarios"
	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

// Options configures Start.
type Options struct {
	// Scenario is a bundled scenario name (seed, ...) or a path to a YAML file.
	Scenario string
	// AuditPath is where the audit log goes (truncated at start); default <Dir>/audit.jsonl.
	AuditPath string
	// Faults are added to the scenario's own faults.
	Faults []scenario.Fault
	// Dir holds HOME and the audit log; default a new temp dir, removed by Close.
	Dir string
	// MotoLog receives moto_server's output; nil discards it.
	MotoLog io.Writer
	// Now is the clock for token expiry, last-ping times and aws:CurrentTime; default time.Now.
	Now func() time.Time
	// FleetSize, when positive, overrides the scenario's generated instance count.
	FleetSize int
}

// Env is a running sandbox.
type Env struct {
	// URL is the gateway's base URL (http://127.0.0.1:PORT); MotoURL bypasses the gateway.
	URL, MotoURL string
	Scenario     *scenario.Scenario
	Seeded       *seed.Result
	// Org is the scenario's organization, with its ids; nil without one.
	Org       *organization.Org
	Local     seed.LocalFiles
	AuditPath string
	Dir       string
	moto      *moto.Server
	gw        *gateway.Gateway
	extra     []*gateway.Gateway
	world     *gateway.World
	auditFile *os.File
	audit     *audit.Writer
	removeDir bool
}

// Start loads the scenario, starts moto and seeds it, writes the local machine's files
// and starts the gateway. On error, everything started so far is stopped.
func Start(ctx context.Context, opts Options) (env *Env, err error) {
	sc, err := scenarios.Load(opts.Scenario)
	if err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FleetSize > 0 && sc.Generate != nil {
		sc.Generate.Instances = opts.FleetSize
	}
	env = &Env{Scenario: sc, Dir: opts.Dir}
	defer func() {
		if err != nil {
			env.Close()
			env = nil
		}
	}()
	if env.Dir == "" {
		if env.Dir, err = os.MkdirTemp("", "ssm-sandbox-"); err != nil {
			return env, err
		}
		env.removeDir = true
	}
	if env.moto, err = moto.Start(ctx, moto.Options{Log: opts.MotoLog}); err != nil {
		return env, err
	}
	env.MotoURL = env.moto.URL
	if env.Seeded, err = (&seed.Seeder{MotoURL: env.MotoURL}).Run(ctx, sc); err != nil {
		return env, err
	}
	now := opts.Now()
	var tokens []seed.Token
	if env.Local, tokens, err = seed.WriteLocal(filepath.Join(env.Dir, "home"), sc, env.Seeded, now); err != nil {
		return env, fmt.Errorf("writing the local machine: %w", err)
	}
	if env.Org, err = buildOrganization(sc, env.Seeded); err != nil {
		return env, err
	}
	world, err := buildWorld(sc, env.Seeded, tokens, env.Org, now)
	if err != nil {
		return env, err
	}
	if world.IAM, err = iamModel(sc, env.Seeded, env.Org, env.MotoURL); err != nil {
		return env, fmt.Errorf("the IAM model: %w", err)
	}
	env.AuditPath = opts.AuditPath
	if env.AuditPath == "" {
		env.AuditPath = filepath.Join(env.Dir, "audit.jsonl")
	}
	if env.auditFile, err = os.OpenFile(env.AuditPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600); err != nil {
		return env, fmt.Errorf("opening audit log: %w", err)
	}
	env.world, env.audit = world, audit.NewWriter(env.auditFile)
	faults := append(append([]scenario.Fault(nil), sc.Faults...), opts.Faults...)
	if env.gw, err = gateway.Start(gateway.Options{MotoURL: env.MotoURL, World: world, Faults: faults,
		Audit: env.audit, Now: opts.Now, Seed: uint64(now.UnixNano())}); err != nil {
		return env, err
	}
	env.URL = env.gw.URL
	return env, nil
}

// Close stops the gateway and moto and removes the temp dir it created; safe to call twice.
func (e *Env) Close() {
	for _, g := range e.extra {
		_ = g.Close()
	}
	e.extra = nil
	if e.gw != nil {
		_ = e.gw.Close()
		e.gw = nil
	}
	if e.moto != nil {
		e.moto.Stop()
		e.moto = nil
	}
	if e.auditFile != nil {
		_ = e.auditFile.Close()
		e.auditFile = nil
	}
	if e.removeDir && e.Dir != "" {
		_ = os.RemoveAll(e.Dir)
		e.removeDir = false
	}
}

// MotoDone is closed if moto_server exits (crash or Close).
func (e *Env) MotoDone() <-chan struct{} {
	if e.moto == nil {
		c := make(chan struct{})
		close(c)
		return c
	}
	return e.moto.Done()
}

// MotoPID is moto_server's process id (its process group id too), for leak checks.
func (e *Env) MotoPID() int {
	if e.moto == nil {
		return 0
	}
	return e.moto.PID
}

// Vars are the variables a shell or child process needs, in a stable order.
func (e *Env) Vars() [][2]string {
	return [][2]string{
		{"AWS_ENDPOINT_URL", e.URL},
		{"AWS_ENDPOINT_URL_SSO", e.URL},
		// aws-sdk-go-v2's assume-role credential provider (role_arn + source_profile)
		// follows AWS_ENDPOINT_URL_STS but not AWS_ENDPOINT_URL, as its SSO provider
		// follows only AWS_ENDPOINT_URL_SSO.
		{"AWS_ENDPOINT_URL_STS", e.URL},
		{"AWS_CONFIG_FILE", e.Local.Config},
		{"AWS_SHARED_CREDENTIALS_FILE", e.Local.Credentials},
		{"HOME", e.Local.Home},
		{"AWS_EC2_METADATA_DISABLED", "true"},
		{"AWS_PAGER", ""},
		{"SSM_SANDBOX_AUDIT", e.AuditPath},
	}
}

// Unset lists variables that would point a tool at real credentials or regions instead of
// the sandbox's.
func Unset() []string {
	// AWS_REGION and AWS_DEFAULT_REGION would override every profile's region.
	return []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CA_BUNDLE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
		"AWS_REGION", "AWS_DEFAULT_REGION"}
}

// Environ returns base with Unset removed and Vars applied, for exec.Cmd.Env.
func (e *Env) Environ(base []string) []string {
	drop := map[string]bool{}
	for _, k := range Unset() {
		drop[k] = true
	}
	for _, kv := range e.Vars() {
		drop[kv[0]] = true
	}
	var out []string
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[k] && !strings.HasPrefix(k, "AWS_ENDPOINT_URL") {
			out = append(out, kv)
		}
	}
	for _, kv := range e.Vars() {
		out = append(out, kv[0]+"="+kv[1])
	}
	return out
}
