#!/usr/bin/env bash
# ssm-readiness fleet benchmark (issue 11), as a markdown block for BENCHMARKS.md:
# `ssm-readiness --all` over the fleet scenario (5,000 instances) with 50 ms of
# latency on every call, beside the AWS CLI merely paging
# describe-instance-information (and describe-instances, which --all must also
# read) over the same fleet: wall time, API calls (sandbox audit log), peak RSS.
# Needs bin/ (make build), the sandbox launcher (moto_server) and the AWS CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
size=${READINESS_FLEET_SIZE:-5000}
fault='*:*=latency,latency=50ms'
go build -o "$work/ssm-sandbox" ./internal/sandbox/cmd/ssm-sandbox
"$work/ssm-sandbox" --scenario fleet --fleet-size "$size" --fault "$fault" --audit "$work/audit.jsonl" \
  >"$work/sandbox.env" 2>"$work/sandbox.err" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 1200); do grep -q '^ready' "$work/sandbox.env" && break; sleep 0.5; done
grep -q '^ready' "$work/sandbox.env" || { cat "$work/sandbox.err" >&2; exit 1; }
eval "$(grep -E '^(export|unset) ' "$work/sandbox.env")"

echo "Produced by \`bash scripts/bench.d/readiness-fleet.sh\` (part of \`make bench\`; needs \`make build\`,"
echo "moto_server and the AWS CLI)."
echo
echo "### ssm-readiness --all: $size instances, 50 ms latency on every call"
echo
echo "Sandbox: \`ssm-sandbox --scenario fleet --fleet-size $size --fault '$fault'\`; $(nproc) cores"
echo "shared with other jobs; AWS CLI $(aws --version 2>&1 | cut -d' ' -f1). Calls are counted from the"
echo "sandbox's audit log; peak memory is the process's maximum RSS (\`/usr/bin/time -f %M\`)."
echo
echo "| command | records / items | API calls | wall time | peak RSS |"
echo "| --- | --- | --- | --- | --- |"
measure() { # label, command...; stdout counted by lines of records or items
  local label=$1; shift
  : >"$work/audit.jsonl"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/out" 2>"$work/err" || true
  end=$(date +%s.%N)
  local calls items
  calls=$(wc -l <"$work/audit.jsonl")
  items=$(grep -c '"kind":"Readiness"\|"InstanceId"' "$work/out" || true)
  printf '| `%s` | %s | %s | %.1f s | %s MiB |\n' "$label" "$items" "$calls" "$(echo "$end - $start" | bc)" \
    "$(( $(tail -n1 "$work/rss") / 1024 ))" # time(1) writes a note above the figure on a non-zero exit
}
measure "ssm-readiness --profile fleet --all -o ndjson" ssm-readiness --profile fleet --all -o ndjson --timeout 10m --no-summary
measure "aws ssm describe-instance-information --profile fleet" aws ssm describe-instance-information --profile fleet --output json
measure "aws ec2 describe-instances --profile fleet" aws ec2 describe-instances --profile fleet --output json
echo
echo "ssm-readiness's calls: one DescribeInstances page per 1,000 instances and one DescribeInstanceInformation page"
echo "per 50 nodes (listed in parallel), one read per VPC for its network, one per role, setting and"
echo "document: the calls grow with pages and VPCs, not instances."
