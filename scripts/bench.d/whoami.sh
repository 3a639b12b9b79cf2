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
echo "Produced by \`bash scripts/bench.d/whoami.sh\` (part of \`make bench\`; needs \`make build\`)."
echo
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

# --- 2. 50 profiles, 100 ms on STS, vs the AWS CLI -------------------------
# The seed scenario plus 50 SSO profiles (all logged in) for the same account.
python3 - internal/sandbox/scenarios/seed.yaml "$work/bench50.yaml" <<'PY'
import sys, yaml
sc = yaml.safe_load(open(sys.argv[1]))
roles = ["AdministratorAccess", "ReadOnlyDev"]
extra = "".join(
    f"\n[profile bench-{i:02d}]\nsso_session = cast\nsso_account_id = 925774240130\n"
    f"sso_role_name = {roles[i % 2]}\nregion = eu-west-1\n" for i in range(1, 51))
sc["local"]["config"] += extra
sc["name"] = "bench50"
yaml.safe_dump(sc, open(sys.argv[2], "w"), sort_keys=False)
PY
go build -o "$work/ssm-sandbox" ./internal/sandbox/cmd/ssm-sandbox
fault='sts:GetCallerIdentity=latency,latency=100ms'
"$work/ssm-sandbox" --scenario "$work/bench50.yaml" --fault "$fault" >"$work/sandbox.env" 2>"$work/sandbox.err" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do grep -q '^ready' "$work/sandbox.env" && break; sleep 0.5; done
grep -q '^ready' "$work/sandbox.env" || { cat "$work/sandbox.err" >&2; exit 1; }
eval "$(grep -E '^(export|unset) ' "$work/sandbox.env")"

# One warm-up each (page cache, Python bytecode), then the timed runs.
ssm-profiles 'bench-*' | ssm-whoami --no-cache >/dev/null || true
aws sts get-caller-identity --profile bench-01 >/dev/null

echo
echo "### ssm-whoami: 50 profiles, 100 ms latency on sts:GetCallerIdentity"
echo
echo "Sandbox: \`ssm-sandbox --scenario bench50.yaml --fault '$fault'\` (the seed scenario plus"
echo "50 logged-in SSO profiles \`bench-01..50\`); each profile costs an SSO portal"
echo "GetRoleCredentials and an STS GetCallerIdentity. $(nproc) cores; AWS CLI $(aws --version 2>&1 | cut -d' ' -f1)."
echo
echo "| command | profiles answered | wall time |"
echo "| --- | --- | --- |"
measure() { # label, shell command
  local start end n
  start=$(date +%s.%N)
  n=$(bash -c "$2" 2>/dev/null | grep -c '"arn"' || true)
  end=$(date +%s.%N)
  printf '| `%s` | %s | %.2f s |\n' "${1//|/\\|}" "$n" "$(echo "$end - $start" | bc)"
}
measure "ssm-profiles 'bench-*' | ssm-whoami --no-cache" \
  "ssm-profiles 'bench-*' | ssm-whoami --no-cache"
measure "ssm-profiles 'bench-*' | ssm-whoami --no-cache --no-enrich" \
  "ssm-profiles 'bench-*' | ssm-whoami --no-cache --no-enrich"
measure "ssm-profiles 'bench-*' | ssm-whoami --no-cache --concurrency 1" \
  "ssm-profiles 'bench-*' | ssm-whoami --no-cache --concurrency 1"
measure 'for p in $(ssm-profiles -o name '"'bench-*'"'); do aws sts get-caller-identity --profile "$p"; done' \
  'for p in $(ssm-profiles -o name "bench-*"); do aws sts get-caller-identity --profile "$p" --output json | sed "s/\"Arn\"/\"arn\"/"; done'
echo
echo "With the default \`--concurrency 10\`, ceil(50/10) = 5 STS round trips of 100 ms set the floor."
