#!/usr/bin/env bash
# The seed investigation as one pipeline (issue 12), as a markdown block for BENCHMARKS.md:
# ssm-canconnect --as-user for both users | ssm-readiness -o markdown, with 50 ms latency on
# every AWS call, beside the AWS CLI reading the same facts one process per call (the
# console-by-hand path, without any evaluation). Needs bin/ (make build), the sandbox
# launcher and the AWS CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/ssm-sandbox" ./internal/sandbox/cmd/ssm-sandbox
fault='*:*=latency,latency=50ms'
"$work/ssm-sandbox" --scenario seed --fault "$fault" --audit "$work/audit.jsonl" >"$work/sandbox.env" 2>"$work/sandbox.err" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do grep -q '^ready' "$work/sandbox.env" && break; sleep 0.5; done
grep -q '^ready' "$work/sandbox.env" || { cat "$work/sandbox.err" >&2; exit 1; }
eval "$(grep -E '^(export|unset) ' "$work/sandbox.env")"
# cast-identity's legacy login has expired; the logged-in sso-session reaches the same account.
printf '\n[profile cast-identity-sso]\nsso_session = cast\nsso_account_id = 717279730613\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n' >>"$AWS_CONFIG_FILE"

pipeline='ssm-canconnect --no-cache --profile cast-dev-admin --identity-center-profile "$(ssm-profiles -o name --account 717279730613 --logged-in)" --as-user a-a836660 --as-user a-a837172 --session port-forward Name=cast-dev-app01 | ssm-readiness --local -o markdown'

# The AWS CLI loop: the facts the report rests on, one process per call.
cat >"$work/cli-loop.sh" <<'SH'
set -u
ic="--profile cast-identity-sso --output text"
dev="--profile cast-dev-admin --output text"
read -r inst store < <(aws sso-admin list-instances $ic --query 'Instances[0].[InstanceArn,IdentityStoreId]')
for u in a-a836660 a-a837172; do
  uid=$(aws identitystore get-user-id $ic --identity-store-id "$store" --query UserId \
    --alternate-identifier "{\"UniqueAttribute\":{\"AttributePath\":\"userName\",\"AttributeValue\":\"$u\"}}")
  for g in $(aws identitystore list-group-memberships-for-member $ic --identity-store-id "$store" --member-id "UserId=$uid" --query 'GroupMemberships[].GroupId'); do
    aws identitystore describe-group $ic --identity-store-id "$store" --group-id "$g" >/dev/null
  done
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
aws ssm get-document $dev --name SSM-SessionManagerRunShell >/dev/null
aws ec2 describe-vpc-endpoints $dev >/dev/null
aws ec2 describe-route-tables $dev >/dev/null
aws ec2 describe-security-groups $dev >/dev/null
aws kms list-aliases $dev >/dev/null
aws logs describe-log-groups $dev >/dev/null
SH

# One warm-up each (page cache, Python bytecode), then the timed runs.
bash -o pipefail -c "$pipeline" >/dev/null 2>&1 || true
aws sts get-caller-identity --profile cast-dev-admin >/dev/null

echo "Produced by \`bash scripts/bench.d/pipeline.sh\` (part of \`make bench\`; needs \`make build\`)."
echo
echo "### The seed investigation in one pipeline, 50 ms per AWS call"
echo
echo "Sandbox: \`ssm-sandbox --scenario seed --fault '$fault'\`. $(nproc) cores, load average"
echo "$(cut -d' ' -f1-3 /proc/loadavg) at start; AWS CLI $(aws --version 2>&1 | cut -d' ' -f1)."
echo "The pipeline is the one README.md shows (both users, their groups and permission sets, the"
echo "instance's readiness, one findings report). The CLI loop only reads the main facts"
echo "(users, groups, permission sets, the instance, its SSM state, its role, the preferences,"
echo "endpoints, routes, security groups, keys, log groups); it evaluates nothing and misses"
echo "policy versions, SCPs, key policies and the simulator."
echo
echo "| command | report lines | AWS calls | wall time |"
echo "| --- | --- | --- | --- |"
measure() { # label, shell command
  local start end n before after
  before=$(wc -l <"$work/audit.jsonl")
  start=$(date +%s.%N)
  n=$(bash -o pipefail -c "$2" 2>/dev/null | wc -l || true)
  end=$(date +%s.%N)
  after=$(wc -l <"$work/audit.jsonl")
  printf '| `%s` | %s | %s | %.2f s |\n' "${1//|/\\|}" "$n" "$((after - before))" "$(echo "$end - $start" | bc)"
}
for _ in 1 2 3; do
  measure "$pipeline" "$pipeline"
done
measure "bash cli-loop.sh (the AWS CLI, one call per process)" "bash $work/cli-loop.sh; echo done"
echo
echo "AWS calls are the gateway's audit lines for the run (credential resolution included)."
