package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox"
	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

const fleetSize = 240

// runThrough runs the binary against another gateway (with its own faults)
// in front of the same sandbox.
func runThrough(t *testing.T, env *sandbox.Env, url, bin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(env.Environ(os.Environ()), "PATH="+t.TempDir(), "NO_COLOR=1",
		"AWS_ENDPOINT_URL="+url, "AWS_ENDPOINT_URL_SSO="+url, "AWS_ENDPOINT_URL_STS="+url)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%v did not finish", args)
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String(), errb.String()
	case err != nil:
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

// verdicts lists "id verdict" per target record, sorted.
func verdicts(t *testing.T, out string) []string {
	t.Helper()
	var v []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r rec
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if r.Scope == "target" {
			v = append(v, r.Target.ID+" "+r.Verdict)
		}
	}
	sort.Strings(v)
	return v
}

// The fleet: calls grow with pages and VPCs, not instances; throttling is
// retried and loses no target; a hang ends at --timeout with exit 3.
func TestFleet(t *testing.T) {
	env := sandbox.StartT(t, "fleet", func(o *sandbox.Options) { o.FleetSize = fleetSize })
	bin := build(t)
	code, out, errOut := runBinary(t, env, bin, noPath(t), "--profile", "fleet", "--all", "-o", "ndjson")
	if code != 1 {
		t.Errorf("exit %d, want 1 (the fleet has stopped and unmanaged instances)\n%s", code, errOut)
	}
	base := verdicts(t, out)
	if len(base) != fleetSize {
		t.Fatalf("%d target records, want %d", len(base), fleetSize)
	}
	ready := 0
	for _, v := range base {
		if strings.HasSuffix(v, " ready") {
			ready++
		}
	}
	if ready == 0 || ready == len(base) {
		t.Errorf("%d of %d targets ready: the fleet has healthy and broken instances", ready, len(base))
	}
	// fleet-d has no NAT route and the endpoints' security group does not admit it.
	inD, blockedD := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r rec
		if json.Unmarshal([]byte(line), &r) != nil || r.Target.Name != "fleet-fleet-d" {
			continue
		}
		inD++
		for _, c := range r.Checks {
			if c.ID == "network" && c.Status == "fail" && strings.Contains(c.Reason, "do not allow tcp/443 in from the instance") {
				blockedD++
			}
		}
	}
	if inD == 0 || blockedD != inD {
		t.Errorf("network blocked for %d of the %d instances in fleet-d, want all", blockedD, inD)
	}
	if !strings.Contains(errOut, "summary: 240 targets:") || !strings.Contains(errOut, "failing: ") {
		t.Errorf("no fleet summary on stderr: %q", errOut)
	}
	if strings.Contains(errOut, "checking targets") {
		t.Errorf("a progress bar on a stderr that is not a terminal: %q", errOut)
	}
	calls := countOps(readOnly(t, env))
	pages := (fleetSize + 49) / 50
	// One more than the pages: on a loaded machine the SDK may retry a page
	// whose answer came too late (both attempts are audited); a per-instance
	// pattern would still be 240.
	limits := map[string]int{"ec2:DescribeInstances": 1, "ssm:DescribeInstanceInformation": pages + 1,
		"ec2:DescribeRouteTables": 1, "ec2:DescribeVpcEndpoints": 1, "ec2:DescribeSecurityGroups": 1, "ec2:DescribeNetworkAcls": 1,
		"ec2:DescribeNatGateways": 1, "ec2:DescribeSubnets": 1, "iam:GetInstanceProfile": 1, "iam:GetRole": 1,
		"ssm:GetServiceSetting": 2, "ssm:GetDocument": 1, "ssm:GetConnectionStatus": 0}
	total := 0
	for op, n := range calls {
		total += n
		if limit, ok := limits[op]; ok && n > limit {
			t.Errorf("%s: %d calls for %d instances, want at most %d", op, n, fleetSize, limit)
		}
	}
	if total > 40 {
		t.Errorf("%d calls for %d instances: %v", total, fleetSize, calls)
	}

	// Throttling: each listing and read is refused at first, then answered.
	gw, err := env.StartGateway(
		scenario.Fault{Operation: "ssm:DescribeInstanceInformation", Kind: scenario.FaultThrottle, Times: 2},
		scenario.Fault{Operation: "ec2:DescribeInstances", Kind: scenario.FaultThrottle, Times: 1},
		scenario.Fault{Operation: "ec2:DescribeRouteTables", Kind: scenario.FaultThrottle, Times: 1},
		scenario.Fault{Operation: "iam:GetRole", Kind: scenario.FaultThrottle, Times: 1})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runThrough(t, env, gw.URL, bin, "--profile", "fleet", "--all", "-o", "ndjson")
	if code != 1 {
		t.Errorf("throttled: exit %d\n%s", code, errOut)
	}
	if got := verdicts(t, out); strings.Join(got, "\n") != strings.Join(base, "\n") {
		t.Errorf("throttled run lost or changed targets: %d records, want %d", len(got), len(base))
	}
	throttled := 0
	all, _ := audit.ReadFile(env.AuditPath)
	for _, c := range all {
		if c.Fault == "throttle" {
			throttled++
		}
	}
	if throttled < 5 {
		t.Errorf("%d throttled calls in the audit log, want 5", throttled)
	}

	// A hang ends at --timeout: exit 3, one error line.
	hang, err := env.StartGateway(scenario.Fault{Operation: "ec2:DescribeInstances", Kind: scenario.FaultHang})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runThrough(t, env, hang.URL, bin, "--profile", "fleet", "--all", "--timeout", "2s")
	if code != 3 || out != "" || !strings.HasPrefix(errOut, "error: ") || !strings.Contains(errOut, "timed out after 2s") {
		t.Errorf("hang: exit %d, stdout %q, stderr %q; want 3 and a timeout error", code, out, errOut)
	}
}
