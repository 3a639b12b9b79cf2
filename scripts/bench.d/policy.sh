#!/usr/bin/env bash
# Policy evaluator benchmarks (issue 4), as a markdown block for BENCHMARKS.md:
#  1. go test benchmarks: one request against a 20-statement policy set (target
#     < 2 µs) and a tag-scoped permission set against 10,000 instances (< 20 ms);
#  2. `ssm-canconnect simulate --batch` throughput on 10,000 generated cases.
# Needs bin/ssm-canconnect (make build) and python3 for the case generator.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmd="go test -run='^\$' -bench=. -benchmem -count=3 ./internal/policy/"
echo "### Policy evaluator (internal/policy)"
echo
echo "Command: \`$cmd\` on $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d),"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) when it started (other jobs share the cores)."
echo "Targets: BenchmarkEvaluate20Statements < 2,000 ns/op; BenchmarkTagScoped10000Instances < 20,000,000 ns/op (10,000 evaluations)."
echo "cpu-ns/op is the process's CPU time per op (getrusage), steadier than wall time when the cores are shared."
echo
echo '```'
go test -run='^$' -bench=. -benchmem -count=3 ./internal/policy/ 2>&1 | grep -E '^Benchmark' || true
echo '```'
echo

n=10000
python3 - "$n" >"$work/cases.ndjson" <<'PY'
import json, sys
perm = json.load(open("testdata/policy/seed003-production-permission-set.json"))
sso = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ProductionPermissionSet_0123456789abcdef/testuser01"
for i in range(int(sys.argv[1])):
    project = "Production" if i % 2 == 0 else "Development"
    arn = "arn:aws:ec2:us-east-1:111122223333:instance/i-%017x" % i
    print(json.dumps({"id": str(i), "identityPolicies": [perm], "request": {"principal": sso,
        "action": "ssm:StartSession", "resources": [{"arn": arn, "context": {"ssm:resourceTag/project": project}}]}}))
PY
start=$(date +%s%N)
ssm-canconnect simulate --batch <"$work/cases.ndjson" >"$work/out.ndjson" || true
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
allowed=$(grep -c '"decision":"allowed"' "$work/out.ndjson" || true)
echo "### ssm-canconnect simulate --batch"
echo
echo "Command: \`ssm-canconnect simulate --batch < cases.ndjson\` with $n generated cases (the permission"
echo "set of testdata/policy/seed003-production-permission-set.json inlined in every case, half the instances tagged project=Production)."
echo
echo "| cases | wall time | cases/s | allowed |"
echo "| --- | --- | --- | --- |"
echo "| $n | ${ms} ms | $(( n * 1000 / (ms > 0 ? ms : 1) )) | $allowed |"
