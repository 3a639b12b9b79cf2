#!/usr/bin/env bash
# `make demo` from a fresh clone (issue 12), as a markdown block for BENCHMARKS.md: clone
# the current commit into a temp dir and time `make demo` there, build included, with this
# machine's Go module and build caches (as a developer's second clone would have them).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/ssmkit"
git -C "$work/ssmkit" checkout -q "$(git rev-parse HEAD)"
load=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
(cd "$work/ssmkit" && make demo >"$work/demo.out" 2>&1)
end=$(date +%s.%N)
echo "Produced by \`bash scripts/bench.d/demo-clone.sh\` (part of \`make bench\`)."
echo
echo "### \`make demo\` from a fresh clone, build included"
echo
echo "| command | wall time | machine |"
echo "| --- | --- | --- |"
printf '| `git clone ... && make demo` (commit %s, warm Go caches) | %.1f s | %s cores, load average %s at start |\n' \
  "$(git rev-parse --short HEAD)" "$(echo "$end - $start" | bc)" "$(nproc)" "$load"
