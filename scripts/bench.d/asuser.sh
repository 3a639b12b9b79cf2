#!/usr/bin/env bash
# ssm-canconnect --as-user benchmark (issue 10), as a markdown block for BENCHMARKS.md:
# two Identity Center users, each in 20 groups with 10 permission sets assigned through
# them, one target, 50 ms latency on every call; ssm-canconnect beside the AWS CLI doing
# the same lookups in a shell loop (the console-by-hand path, without the evaluation).
# Needs bin/ (make build), the sandbox launcher and the AWS CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The seed scenario plus bench-u1 (groups bench-g00..19) and bench-u2 (bench-g20..39), all
# SailPoint groups; permission set Bench-PS-i is assigned to bench-g<i> and bench-g<20+i>
# in 925774240130. Bench-PS-00 is EC2-SSM-PortForward's policy; the odd ones also carry
# ReadOnlyAccess. bench-ic is an SSO profile of the management account (a-a800123 is an
# administrator there), so the run needs no extra credentials.
python3 - internal/sandbox/scenarios/seed.yaml "$work/bench-ic.yaml" <<'PY'
import copy, sys, yaml
sc = yaml.safe_load(open(sys.argv[1]))
ic = sc["identityCenter"]
pf = next(p for p in ic["permissionSets"] if p["name"] == "EC2-SSM-PortForward")
for u in (1, 2):
    ic["users"].append({"userName": f"bench-u{u}", "displayName": f"Bench User {u}", "givenName": "Bench", "familyName": f"U{u}",
                        "email": f"bench-u{u}@example.com", "externalId": {"issuer": "SailPoint", "id": f"bench-u{u}"},
                        "attributes": {"costCenter": "CC-1", "department": "Bench"}})
for g in range(40):
    ic["groups"].append({"name": f"bench-g{g:02d}", "description": "bench", "externalId": {"issuer": "SailPoint", "id": f"ent-bench-g{g:02d}"},
                         "members": [f"bench-u{1 if g < 20 else 2}"]})
for i in range(10):
    ps = {"name": f"Bench-PS-{i:02d}", "description": "bench", "sessionDuration": "PT1H"}
    if i == 0:
        ps["inlinePolicy"] = copy.deepcopy(pf["inlinePolicy"])
    else:
        ps["inlinePolicy"] = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}]}
    if i % 2:
        ps["managedPolicies"] = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    ic["permissionSets"].append(ps)
    for g in (i, 20 + i):
        ic["assignments"].append({"account": "925774240130", "permissionSet": f"Bench-PS-{i:02d}", "group": f"bench-g{g:02d}"})
sc["local"]["config"] += "\n[profile bench-ic]\nsso_session = cast\nsso_account_id = 717279730613\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n"
sc["name"] = "bench-ic"
yaml.safe_dump(sc, open(sys.argv[2], "w"), sort_keys=False)
PY
go build -o "$work/ssm-sandbox" ./internal/sandbox/cmd/ssm-sandbox
fault='*:*=latency,latency=50ms'
"$work/ssm-sandbox" --scenario "$work/bench-ic.yaml" --fault "$fault" --audit "$work/audit.jsonl" >"$work/sandbox.env" 2>"$work/sandbox.err" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do grep -q '^ready' "$work/sandbox.env" && break; sleep 0.5; done
grep -q '^ready' "$work/sandbox.env" || { cat "$work/sandbox.err" >&2; exit 1; }
eval "$(grep -E '^(export|unset) ' "$work/sandbox.env")"

canconnect='ssm-canconnect --no-cache -o ndjson --profile cast-dev-admin --identity-center-profile bench-ic --as-user bench-u1 --as-user bench-u2 --session port-forward Name=cast-dev-app01'

# The AWS CLI loop: the same reads, one process per call, no evaluation.
cat >"$work/cli-loop.sh" <<'SH'
set -u
ic="--profile bench-ic --output text"
read -r inst store < <(aws sso-admin list-instances $ic --query 'Instances[0].[InstanceArn,IdentityStoreId]')
aws sso-admin describe-instance-access-control-attribute-configuration $ic --instance-arn "$inst" >/dev/null
for u in bench-u1 bench-u2; do
  uid=$(aws identitystore get-user-id $ic --identity-store-id "$store" --query UserId \
    --alternate-identifier "{\"UniqueAttribute\":{\"AttributePath\":\"userName\",\"AttributeValue\":\"$u\"}}")
  aws identitystore describe-user $ic --identity-store-id "$store" --user-id "$uid" >/dev/null
  for g in $(aws identitystore list-group-memberships-for-member $ic --identity-store-id "$store" --member-id "UserId=$uid" --query 'GroupMemberships[].GroupId'); do
    aws identitystore describe-group $ic --identity-store-id "$store" --group-id "$g" >/dev/null
  done
done
for ps in $(aws sso-admin list-permission-sets-provisioned-to-account $ic --instance-arn "$inst" --account-id 925774240130 --query 'PermissionSets[]'); do
  a="--instance-arn $inst --permission-set-arn $ps"
  aws sso-admin list-account-assignments $ic $a --account-id 925774240130 >/dev/null
  aws sso-admin describe-permission-set $ic $a >/dev/null
  aws sso-admin get-inline-policy-for-permission-set $ic $a >/dev/null
  aws sso-admin list-managed-policies-in-permission-set $ic $a >/dev/null
  aws sso-admin list-customer-managed-policy-references-in-permission-set $ic $a >/dev/null
  aws sso-admin get-permissions-boundary-for-permission-set $ic $a >/dev/null 2>&1 || true
done
aws iam list-roles --profile cast-dev-admin --path-prefix /aws-reserved/sso.amazonaws.com/ >/dev/null
aws iam get-policy --profile cast-dev-admin --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess >/dev/null
aws ec2 describe-instances --profile cast-dev-admin --filters Name=tag:Name,Values=cast-dev-app01 >/dev/null
SH

# One warm-up each (page cache, Python bytecode), then the timed runs.
bash -c "$canconnect" >/dev/null 2>&1 || true
aws sts get-caller-identity --profile bench-ic >/dev/null

echo "Produced by \`bash scripts/bench.d/asuser.sh\` (part of \`make bench\`; needs \`make build\`)."
echo
echo "### ssm-canconnect --as-user: 2 users x 20 groups, 10 permission sets, 50 ms per call"
echo
echo "Sandbox: \`ssm-sandbox --scenario bench-ic.yaml --fault '$fault'\` (the seed scenario plus"
echo "bench-u1 and bench-u2, each in 20 SailPoint groups, 10 permission sets assigned to those"
echo "groups in 925774240130, 5 of them with ReadOnlyAccess). $(nproc) cores, load average"
echo "$(cut -d' ' -f1-3 /proc/loadavg) at start; AWS CLI $(aws --version 2>&1 | cut -d' ' -f1)."
echo "The CLI loop only reads (list-instances, get-user-id, describe-user,"
echo "list-group-memberships-for-member, describe-group per group, per permission set the"
echo "assignments and its five definition reads, list-roles, get-policy, describe-instances);"
echo "it does not read the policy versions, the SCPs or the key, nor evaluate anything."
echo
echo "| command | records | AWS calls | wall time |"
echo "| --- | --- | --- | --- |"
measure() { # label, shell command, records pattern
  local start end n before after
  before=$(wc -l <"$work/audit.jsonl")
  start=$(date +%s.%N)
  n=$(bash -c "$2" 2>/dev/null | grep -c "$3" || true)
  end=$(date +%s.%N)
  after=$(wc -l <"$work/audit.jsonl")
  printf '| `%s` | %s | %s | %.2f s |\n' "${1//|/\\|}" "$n" "$((after - before))" "$(echo "$end - $start" | bc)"
}
for _ in 1 2 3; do
  measure "$canconnect" "$canconnect" '"kind":"AccessCheck"'
done
measure "bash cli-loop.sh (the AWS CLI, one call per process)" "bash $work/cli-loop.sh; echo done" 'done'
echo
echo "AWS calls are the gateway's audit lines for the run (credential resolution included)."
