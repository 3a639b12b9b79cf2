#!/usr/bin/env bash
# The sandbox's IAM model (issue 9), as a markdown block for BENCHMARKS.md: what authorizing
# a call adds at the gateway. BenchmarkAuthorize decides the seed's typical reads with the
# real model (policies read from moto, caches warm); BenchmarkGatewayCall times one
# gateway-served SSM call through the SDK with IAM enforced and, alternating in the same
# loop, with IAM open. Target: authorization adds under 1 ms per call, median. COUNT=N
# changes repetitions.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${COUNT:-3}
echo "### Sandbox IAM model: added latency per call"
echo
echo "Command: \`go test -run='^\$' -bench='Authorize|GatewayCall' -benchtime=2000x -count=$count ./internal/sandbox/\`"
echo "on $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg) at start."
echo "p50-ns/op and p99-ns/op are the median and 99th percentile of single calls; added-p50-ns/op the median of"
echo "the paired differences between an enforced and an open call made one after the other."
echo
out=$(go test -run='^$' -bench='Authorize|GatewayCall' -benchtime=2000x -count="$count" ./internal/sandbox/ 2>&1 | grep -E '^(Benchmark|FAIL)' || true)
echo '```'
echo "$out"
echo '```'
echo
python3 - "$out" <<'PY'
import re, statistics, sys
metrics = {}
for line in sys.argv[1].splitlines():
    for value, unit in re.findall(r'([-\d.]+) ([a-z0-9-]+)/op', line):
        metrics.setdefault(line.split()[0].rsplit("-", 1)[0] + " " + unit, []).append(float(value))
med = lambda k: statistics.median(metrics[k]) if k in metrics else None
auth, added = med("BenchmarkAuthorize p50-ns"), med("BenchmarkGatewayCall added-p50-ns")
enf, opn = med("BenchmarkGatewayCall enforced-p50-ns"), med("BenchmarkGatewayCall open-p50-ns")
if auth is not None:
    verdict = "met" if auth < 1e6 and (added is None or added < 1e6) else "NOT met"
    print(f"Median decision: **{auth/1000:.1f} µs**; target (authorization adds under 1 ms per call, median): **{verdict}**.")
if None not in (added, enf, opn):
    print(f"Side by side, a gateway-served SSM call takes {enf/1000:.0f} µs median with IAM enforced and {opn/1000:.0f} µs"
          f" with IAM open; the median paired difference, what authorization adds, is {added/1000:.0f} µs (medians of the runs above).")
PY
