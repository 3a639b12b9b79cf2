#!/usr/bin/env bash
# Every `go test -bench` benchmark in the module but the policy evaluator's
# (policy.sh runs those with more repetitions), as a markdown block.
set -euo pipefail
cd "$(dirname "$0")/../.."
pkgs=$(go list ./... | grep -v '/internal/policy$')
echo "Command: \`go test -run='^\$' -bench=. -benchmem -count=1 \$(go list ./... | grep -v /internal/policy\$)\`"
echo "on $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg) at start."
echo
echo '```'
# shellcheck disable=SC2086
go test -run='^$' -bench=. -benchmem -count=1 $pkgs 2>&1 | grep -E '^(Benchmark|pkg:|FAIL)' || true
echo '```'
