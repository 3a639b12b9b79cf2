#!/usr/bin/env bash
# The seed question in one pipeline (README "The seed investigation in one line"), as a
# markdown block for BENCHMARKS.md: the one line with 50 ms latency on every AWS call
# (target: under 3 s), beside the same answers from separate commands and the AWS CLI
# making the reads by hand; then `make demo` from a fresh clone, build included (target:
# under 60 s). BENCH_COLD_BUILD=1 also times the clone's demo with an empty Go build
# cache (slow on a shared machine). Needs bin/ (make build), moto_server and the AWS CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
export PATH="$PWD/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The pipeline part runs in a subshell: the sandbox's exports (HOME, AWS_*) must not
# reach the fresh-clone demo below, which needs the machine's Go caches.
pipeline_bench() {
go build -o "$work/ssm-sandbox" ./internal/sandbox/cmd/ssm-sandbox
fault='*:*=latency,latency=50ms'
"$work/ssm-sandbox" --scenario seed --fault "$fault" --audit "$work/audit.jsonl" >"$work/sandbox.env" 2>"$work/sandbox.err" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null' EXIT
for _ in $(seq 1 240); do grep -q '^ready' "$work/sandbox.env" && break; sleep 0.5; done
grep -q '^ready' "$work/sandbox.env" || { cat "$work/sandbox.err" >&2; exit 1; }
eval "$(grep -E '^(export|unset) ' "$work/sandbox.env")"
# As make demo does: a management-account profile on the logged-in SSO session.
printf '\n[profile cast-org-admin]\nsso_session = cast\nsso_account_id = 717279730613\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n' >>"$AWS_CONFIG_FILE"

canconnect='ssm-canconnect --no-cache --profile cast-dev-admin --identity-center-profile "$(ssm-profiles -o name --account 717279730613 --logged-in)" --as-user a-a836660 --as-user a-a837172 --session port-forward Name=cast-dev-app01'
line="$canconnect | ssm-readiness --local -o markdown"
separate="$canconnect -o ndjson; ssm-readiness --profile cast-dev-admin --session port-forward --local -o markdown Name=cast-dev-app01"

# The reads an engineer makes by hand for the same question, one process per call, no
# evaluation: the users, their groups, the account's assignments and the permission sets'
# policies, the instance, its SSM state and connection, its role, its subnet's endpoints
# and routes, the preferences and the key policy.
cat >"$work/cli-loop.sh" <<'SH'
set -u
ic="--profile cast-org-admin --output text"
dev="--profile cast-dev-admin --output text"
read -r inst store < <(aws sso-admin list-instances $ic --query 'Instances[0].[InstanceArn,IdentityStoreId]')
for u in a-a836660 a-a837172; do
  uid=$(aws identitystore get-user-id $ic --identity-store-id "$store" --query UserId \
    --alternate-identifier "{\"UniqueAttribute\":{\"AttributePath\":\"userName\",\"AttributeValue\":\"$u\"}}")
  aws identitystore list-group-memberships-for-member $ic --identity-store-id "$store" --member-id "UserId=$uid" >/dev/null
done
for ps in $(aws sso-admin list-permission-sets-provisioned-to-account $ic --instance-arn "$inst" --account-id 925774240130 --query 'PermissionSets[]'); do
  aws sso-admin list-account-assignments $ic --instance-arn "$inst" --permission-set-arn "$ps" --account-id 925774240130 >/dev/null
  aws sso-admin get-inline-policy-for-permission-set $ic --instance-arn "$inst" --permission-set-arn "$ps" >/dev/null
  aws sso-admin list-managed-policies-in-permission-set $ic --instance-arn "$inst" --permission-set-arn "$ps" >/dev/null
done
id=$(aws ec2 describe-instances $dev --filters Name=tag:Name,Values=cast-dev-app01 --query 'Reservations[0].Instances[0].InstanceId')
aws ssm describe-instance-information $dev --filters "Key=InstanceIds,Values=$id" >/dev/null
aws ssm get-connection-status $dev --target "$id" >/dev/null
aws iam get-role $dev --role-name CASTAppInstanceRole >/dev/null
aws iam list-attached-role-policies $dev --role-name CASTAppInstanceRole >/dev/null
aws ec2 describe-vpc-endpoints $dev >/dev/null
aws ec2 describe-route-tables $dev >/dev/null
aws ssm get-document $dev --name SSM-SessionManagerRunShell >/dev/null
key=$(aws kms list-aliases $dev --query "Aliases[?AliasName=='alias/session-manager'].TargetKeyId | [0]")
aws kms get-key-policy $dev --key-id "$key" --policy-name default >/dev/null 2>&1 || true
SH

# One warm-up each (page cache, Python bytecode), then the timed runs.
bash -o pipefail -c "$line" >/dev/null 2>&1 || true
aws sts get-caller-identity --profile cast-dev-admin >/dev/null

echo "Produced by \`bash scripts/bench.d/pipeline.sh\` (part of \`make bench\`; needs \`make build\`)."
echo
echo "### The seed question in one line, 50 ms latency on every AWS call"
echo
echo "Sandbox: \`ssm-sandbox --scenario seed --fault '$fault'\`, plus the management-account"
echo "profile \`make demo\` adds. $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at"
echo "start; AWS CLI $(aws --version 2>&1 | cut -d' ' -f1). Target: under 3 s. \`--local\` runs"
echo "\`aws --version\` and \`session-manager-plugin --version\` (what is on PATH), included."
echo
echo "| command | AWS calls | wall time |"
echo "| --- | --- | --- |"
measure() { # label, shell command
  local start end before after
  before=$(wc -l <"$work/audit.jsonl")
  start=$(date +%s.%N)
  bash -o pipefail -c "$2" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  after=$(wc -l <"$work/audit.jsonl")
  printf '| `%s` | %s | %.2f s |\n' "${1//|/\\|}" "$((after - before))" "$(echo "$end - $start" | bc)"
}
for _ in 1 2 3; do
  measure "$line" "$line"
done
measure "the same, as two commands: $separate" "$separate"
measure "bash cli-loop.sh (the AWS CLI, one read per process, nothing evaluated)" "bash $work/cli-loop.sh"
echo
echo "AWS calls are the gateway's audit lines for the run (credential resolution included)."

kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null || true
}
(pipeline_bench)

demo() { # label, GOCACHE
  rm -rf "$work/clone"
  git clone -q "$repo" "$work/clone"
  local start end
  start=$(date +%s.%N)
  (cd "$work/clone" && GOCACHE=$2 make demo >"$work/demo.out" 2>&1) || { tail -20 "$work/demo.out" >&2; return 1; }
  end=$(date +%s.%N)
  grep -q '^\*\*Verdict: not ready' "$work/demo.out" || { echo "the demo printed no findings verdict" >&2; return 1; }
  printf '| %s | %.1f s |\n' "$1" "$(echo "$end - $start" | bc)"
}
echo
echo "### make demo from a fresh clone, build included"
echo
echo "\`git clone\` of this commit, then \`time make demo\` (builds the four tools and the sandbox,"
echo "starts moto, seeds the \`seed\` scenario, runs every demo step and the one line above). The"
echo "module cache is warm (no network here); the build cache as stated. Target: under 60 s."
echo
echo "| Go build cache | wall time |"
echo "| --- | --- |"
demo "warm (the machine's \`$(go env GOCACHE)\`)" "$(go env GOCACHE)"
if [ "${BENCH_COLD_BUILD:-}" = 1 ]; then
  demo "empty (\`GOCACHE\` a new directory)" "$work/gocache"
fi
