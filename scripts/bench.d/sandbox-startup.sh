#!/usr/bin/env bash
# Sandbox start-up (issue 3), as a markdown block for BENCHMARKS.md: wall time from
# launching `ssm-sandbox --scenario seed` to its `ready` line (moto_server started, the
# world seeded with real SDK calls, ~/.aws written, gateway listening), then from SIGTERM
# to exit; and moto_server alone, for the share moto's own start-up takes.
# Target: ready in under 5 s on these 2-core machines (issue 9). RUNS=N changes the run count;
# FLEET_RUNS=N (default 1, 0 to skip) also times the generated 5,000-instance fleet scenario.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/ssm-sandbox" ./internal/sandbox/cmd/ssm-sandbox
runs=${RUNS:-7}
fleet_runs=${FLEET_RUNS:-1}
python3 - "$work/ssm-sandbox" "$runs" "$fleet_runs" <<'PY'
import os, signal, socket, statistics, subprocess, sys, time, urllib.request

binary, runs, fleet_runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
limit = 120  # seconds; only so a broken start cannot wedge `make bench`

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def moto_alone():
    port = free_port()
    t0 = time.perf_counter()
    p = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while time.perf_counter() - t0 < limit:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/data.json", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                time.sleep(0.02)
        raise SystemExit("moto_server did not answer")
    finally:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()

def sandbox_once(scenario="seed"):
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "--scenario", scenario], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in p.stdout:
        if line.strip() == "ready":
            break
    else:
        raise SystemExit("ssm-sandbox exited before ready: " + p.stderr.read())
    ready = time.perf_counter() - t0
    t1 = time.perf_counter()
    p.send_signal(signal.SIGTERM)
    code = p.wait(timeout=limit)
    return ready, time.perf_counter() - t1, code

moto = [moto_alone() for _ in range(runs)]
results = [sandbox_once() for _ in range(runs)]
fleet = [sandbox_once("fleet")[0] for _ in range(fleet_runs)]
ready = [r[0] for r in results]
stop = [r[1] for r in results]
codes = sorted({r[2] for r in results})

def row(name, xs):
    return f"| {name} | {min(xs):.2f} s | {statistics.median(xs):.2f} s | {max(xs):.2f} s |"

load = os.getloadavg()
print("### Sandbox start-up: the seed scenario (and the fleet scenario, for reference)")
print()
print(f"Command: `bash scripts/bench.d/sandbox-startup.sh` (RUNS={runs}): `ssm-sandbox --scenario seed` built from")
print(f"`./internal/sandbox/cmd/ssm-sandbox`, started {runs} times one after another on {os.cpu_count()} cores,")
print(f"{time.strftime('%Y-%m-%d', time.gmtime())}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end (other jobs share the cores).")
print()
print("| stage | best | median | worst |")
print("| --- | ---: | ---: | ---: |")
print(row("`moto_server` alone: launch to first answer", moto))
print(row("`ssm-sandbox --scenario seed`: launch to `ready` (moto, seeding, ~/.aws, gateway)", ready))
print(row("SIGTERM to exit (gateway and moto's process group stopped, temp HOME removed)", stop))
if fleet:
    print(row(f"`ssm-sandbox --scenario fleet` (5,000 generated instances): launch to `ready`, {fleet_runs} run(s)", fleet))
print()
verdict = "met" if statistics.median(ready) < 5 else "NOT met"
print(f"Target: `ready` in under 5 s: **{verdict}** (median {statistics.median(ready):.2f} s, worst run {max(ready):.2f} s). Exit codes after SIGTERM: {codes}.")
if fleet:
    print("The fleet scenario has no target: it exists for fleet-scale tool benchmarks, started once per run.")
PY
