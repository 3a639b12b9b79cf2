package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// The end-to-end tests run the built binaries against the sandbox, the way a
// user would: only standard AWS variables point them at it.

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// binaries builds ssm-whoami and ssm-profiles once per test run.
func binaries(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "ssm-whoami-e2e-")
		if buildErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", binDir+"/", "../ssm-whoami", "../ssm-profiles").CombinedOutput()
		if err != nil {
			buildErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// pipeline runs a shell pipeline of the built tools in the sandbox's environment.
// The deadline only keeps a broken build from hanging the suite; nothing is timed.
// Commands that are not about timeouts pass --timeout 2m: on a loaded machine
// moto can take longer than the 15 s default, which is not what they test.
func pipeline(t *testing.T, env *sandbox.Env, script string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-o", "pipefail", "-c", script)
	cmd.Env = append(env.Environ(os.Environ()), "PATH="+binaries(t)+":"+os.Getenv("PATH"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

func auditCalls(t *testing.T, env *sandbox.Env) []audit.Call {
	t.Helper()
	calls, err := audit.ReadFile(env.AuditPath)
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

func TestEndToEndSeedScenario(t *testing.T) {
	env := sandbox.StartT(t, "seed")

	t.Run("flags may follow the profile name", func(t *testing.T) {
		r := pipeline(t, env, "ssm-whoami cast-dev-admin -o json --timeout 2m --no-cache")
		var id map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &id); r.code != 0 || err != nil || id["profile"] != "cast-dev-admin" || !strings.HasPrefix(r.stdout, "{\n  ") {
			t.Fatalf("exit %d, stdout %s, stderr %s; want one indented JSON Identity", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("sso profile answers as AWS does", func(t *testing.T) {
		r := pipeline(t, env, "ssm-whoami --timeout 2m --no-cache --profile cast-dev-admin")
		m := records(t, r.stdout)
		if r.code != 0 || len(m) != 1 {
			t.Fatalf("exit %d, stdout %s, stderr %s", r.code, r.stdout, r.stderr)
		}
		got := pick(m[0], "principalType", "accountId", "permissionSet", "sessionName", "credentialSource", "region")
		want := []any{"sso", "925774240130", "AdministratorAccess", "a-a800123", "sso", "eu-west-1"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("identity (-want +got):\n%s\n%s", diff, r.stdout)
		}
		arn, _ := m[0]["arn"].(string)
		roleArn, _ := m[0]["roleArn"].(string)
		if !strings.HasPrefix(arn, "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_AdministratorAccess_") || !strings.HasSuffix(arn, "/a-a800123") ||
			!strings.HasPrefix(roleArn, "arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_") {
			t.Errorf("arn %q roleArn %q", arn, roleArn)
		}
	})

	t.Run("expired token answers offline", func(t *testing.T) {
		before := len(auditCalls(t, env))
		r := pipeline(t, env, "ssm-whoami --no-cache --profile cast-identity")
		after := auditCalls(t, env)
		m := records(t, r.stdout)
		if r.code != 4 || len(m) != 1 || m[0]["fix"] != "aws sso login --profile cast-identity" {
			t.Errorf("exit %d, stdout %s", r.code, r.stdout)
		}
		if len(after) != before {
			t.Errorf("the expired-token path made %d calls: %+v", len(after)-before, after[before:])
		}
	})

	t.Run("ssm-profiles pipes every profile, in order", func(t *testing.T) {
		r := pipeline(t, env, "ssm-profiles | ssm-whoami --timeout 2m --no-cache")
		p := pipeline(t, env, "ssm-profiles -o name")
		var got []string
		for _, m := range records(t, r.stdout) {
			got = append(got, m["profile"].(string))
		}
		want := strings.Fields(p.stdout)
		if diff := cmp.Diff(want, got); diff != "" || len(want) < 4 {
			t.Errorf("profiles in and out (-want +got):\n%s", diff)
		}
		if r.code != 4 {
			t.Errorf("exit %d: want 4, the worst of the profiles (one token is expired)\nstderr %s", r.code, r.stderr)
		}
	})

	t.Run("a repeated pre-flight is answered from the cache", func(t *testing.T) {
		const cmd = `XDG_CACHE_HOME="$HOME/.cache" ssm-whoami --timeout 2m --profile cast-dev-readonly`
		first := pipeline(t, env, cmd)
		before := len(auditCalls(t, env))
		second := pipeline(t, env, cmd+" --no-enrich")
		quiet := pipeline(t, env, cmd+" -q")
		after := auditCalls(t, env)
		m := records(t, second.stdout)
		if first.code != 0 || second.code != 0 || quiet.code != 0 || len(m) != 1 || m[0]["cached"] != true || m[0]["sessionName"] != "a-a800123" {
			t.Errorf("exits %d/%d/%d, second answer %s", first.code, second.code, quiet.code, second.stdout)
		}
		if len(after) != before {
			t.Errorf("the cached answer made %d calls: %+v", len(after)-before, after[before:])
		}
	})

	t.Run("agrees with the AWS CLI", func(t *testing.T) {
		if _, err := exec.LookPath("aws"); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("this test needs the AWS CLI v1: pip install awscli")
			}
			t.Skip("no AWS CLI on PATH (pip install awscli); CI fails here instead")
		}
		for _, profile := range []string{"cast-dev-admin", "cast-dev-inventory"} {
			cli := pipeline(t, env, "aws sts get-caller-identity --output json --profile "+profile)
			var want struct{ Arn, Account, UserId string }
			if err := json.Unmarshal([]byte(cli.stdout), &want); err != nil || cli.code != 0 {
				t.Fatalf("aws sts get-caller-identity --profile %s: exit %d, %v\n%s", profile, cli.code, err, cli.stderr)
			}
			m := records(t, pipeline(t, env, "ssm-whoami --timeout 2m --no-cache --profile "+profile).stdout)
			if len(m) != 1 {
				t.Fatalf("%s: %d records", profile, len(m))
			}
			if diff := cmp.Diff([]any{want.Arn, want.Account, want.UserId}, pick(m[0], "arn", "accountId", "userId")); diff != "" {
				t.Errorf("%s: ssm-whoami vs the AWS CLI (-cli +whoami):\n%s", profile, diff)
			}
		}
	})

	t.Run("the tool only reads", func(t *testing.T) {
		for _, c := range auditCalls(t, env) {
			if !audit.IsReadOnly(c.Operation) {
				t.Errorf("mutating call %s:%s", c.Service, c.Operation)
			}
		}
	})
}

func TestEndToEndSTSFaultsGiveExit3(t *testing.T) {
	for _, kind := range []string{scenario.FaultThrottle, scenario.FaultHang} {
		t.Run(kind, func(t *testing.T) {
			env := sandbox.StartT(t, "seed", func(o *sandbox.Options) {
				o.Faults = []scenario.Fault{{Operation: "sts:GetCallerIdentity", Kind: kind}}
			})
			r := pipeline(t, env, "ssm-whoami --no-cache --timeout 3s --profile cast-dev-inventory")
			m := records(t, r.stdout)
			if r.code != 3 || len(m) != 1 || m[0]["error"] == nil || m[0]["arn"] != nil {
				t.Errorf("exit %d, stdout %s, stderr %s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestEndToEndPortalThrottlingIsRetriedOnce: a throttled SSO portal costs
// the bounded retries once, not once per STS attempt, and the record names
// the portal call that failed.
func TestEndToEndPortalThrottlingIsRetriedOnce(t *testing.T) {
	env := sandbox.StartT(t, "seed", func(o *sandbox.Options) {
		o.Faults = []scenario.Fault{{Operation: "sso:GetRoleCredentials", Kind: scenario.FaultThrottle}}
	})
	r := pipeline(t, env, "ssm-whoami --timeout 2m --no-cache --no-enrich --profile cast-dev-admin")
	m := records(t, r.stdout)
	if r.code != 3 || len(m) != 1 || !strings.Contains(fmt.Sprint(m[0]["error"]), "SSO GetRoleCredentials: TooManyRequestsException") {
		t.Errorf("exit %d, stdout %s, stderr %s", r.code, r.stdout, r.stderr)
	}
	var got []string
	for _, c := range auditCalls(t, env) {
		if c.Operation == "GetRoleCredentials" || c.Operation == "GetCallerIdentity" {
			got = append(got, c.Operation)
		}
	}
	want := slices.Repeat([]string{"GetRoleCredentials"}, awsclient.DefaultMaxAttempts)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func pick(m map[string]any, keys ...string) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}
