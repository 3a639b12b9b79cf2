#!/usr/bin/env bash
# Every `go test -bench` benchmark in the module, as a markdown block.
set -euo pipefail
cmd="go test -run='^\$' -bench=. -benchmem -count=1 ./..."
echo "Command: \`$cmd\` on $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d)."
echo
echo '```'
go test -run='^$' -bench=. -benchmem -count=1 ./... 2>&1 | grep -E '^(Benchmark|pkg:|goos|ok|FAIL)' | grep -v '^ok' || true
echo '```'
