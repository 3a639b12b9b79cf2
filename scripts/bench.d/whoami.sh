#!/usr/bin/env bash
# ssm-whoami benchmarks (issue 5), as a markdown block for BENCHMARKS.md:
#  1. the expired-token path: process time of `ssm-whoami --profile P` whose SSO
#     token is expired (answered offline, no network);
#  2. 50 profiles with 100 ms latency injected on sts:GetCallerIdentity by the
#     sandbox gateway: `ssm-profiles | ssm-whoami` vs the AWS CLI in a loop.
# Needs bin/ (make build); part 2 needs the sandbox launcher and the AWS CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- 1. expired-token path -------------------------------------------------
mkdir -p "$work/home/.aws/sso/cache"
cat >"$work/home/.aws/config" <<'CFG'
[profile cast-idc]
sso_session = idc
sso_account_id = 717279730613
sso_role_name = ReadOnly
region = eu-west-2
[sso-session idc]
sso_start_url = https://d-906700aaaa.awsapps.com/start
sso_region = eu-west-2
CFG
printf '{"accessToken":"bench-not-a-secret","expiresAt":"2020-01-01T00:00:00Z"}' \
  >"$work/home/.aws/sso/cache/$(printf idc | sha1sum | cut -d' ' -f1).json"
runs=200
echo "### ssm-whoami: expired SSO token, answered offline"
echo
echo "Command: \`ssm-whoami --profile cast-idc\` (token expired; exit 4), run $runs times on"
echo "$(nproc) cores; an unreachable \`AWS_ENDPOINT_URL\` proves no call is attempted."
echo
HOME="$work/home" AWS_ENDPOINT_URL=http://127.0.0.1:9 python3 - "$runs" <<'PY'
import os, resource, subprocess, sys, time
runs = int(sys.argv[1])
codes, walls = set(), []
before = resource.getrusage(resource.RUSAGE_CHILDREN)
for _ in range(runs):
    t = time.perf_counter()
    p = subprocess.run(["ssm-whoami", "--no-cache", "--profile", "cast-idc"], capture_output=True)
    walls.append(time.perf_counter() - t)
    codes.add(p.returncode)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / runs
walls.sort()
print(f"| exit codes | process CPU (user+sys) per run | wall median | wall p95 |")
print(f"| --- | --- | --- | --- |")
print(f"| {sorted(codes)} | {cpu*1000:.1f} ms | {walls[len(walls)//2]*1000:.1f} ms | {walls[int(len(walls)*0.95)]*1000:.1f} ms |")
PY
