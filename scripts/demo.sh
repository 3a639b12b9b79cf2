#!/usr/bin/env bash
# `make demo`: start the sandbox's `seed` scenario (the investigation README.md
# describes under "What it answers") and run the tools on it as a user would.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
SCENARIO=${SCENARIO:-seed}

work=$(mktemp -d)
fifo="$work/sandbox.out"
mkfifo "$fifo"
go build -o "$work/ssm-sandbox" ./internal/sandbox/cmd/ssm-sandbox
"$work/ssm-sandbox" --scenario "$SCENARIO" >"$fifo" 2>"$work/sandbox.err" &
sandbox_pid=$!
cleanup() {
  kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The launcher prints `export ...` lines, then `ready`.
exports=""
while IFS= read -r line; do
  [ "$line" = ready ] && break
  exports+="$line"$'\n'
done <"$fifo"
if [ -z "$exports" ]; then
  echo "demo: the sandbox did not start:" >&2
  cat "$work/sandbox.err" >&2
  exit 1
fi
eval "$exports"
audit=$SSM_SANDBOX_AUDIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@" || printf '(exit %d)\n' "$?"; }
pipe() { printf '\n\033[1m$ %s\033[0m\n' "$*"; bash -o pipefail -c "$*" || printf '(exit %d)\n' "$?"; }

echo "== Which local profile gets me into the workload account 925774240130, and is it logged in?"
step ssm-profiles -o table
step ssm-profiles -o wide --account 925774240130
pipe "ssm-profiles -o name --account 925774240130 --role '*Admin*'"
echo
echo "== Which account+role pairs can I reach that no local profile covers?"
step ssm-profiles --discover -o table
echo
echo "== Who is each profile really? (one expired token: exit 4, with the fix, no network call)"
step ssm-whoami -o table cast-dev-admin cast-identity
pipe "ssm-profiles | ssm-whoami -o table"
pipe "ssm-profiles --account 925774240130 --logged-in | ssm-whoami"
echo
echo "== Would this permission set let a-a836660 port-forward to the tagged instance? (offline)"
step ssm-canconnect simulate -o table --policy testdata/policy/seed000-port-forwarding.json \
  --principal "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_SSM-PortForwarding_0123456789abcdef/a-a836660" \
  --action ssm:StartSession \
  --resource arn:aws:ec2:eu-west-1:925774240130:instance/i-0123456789abcdef0 \
  --resource arn:aws:ssm:eu-west-1::document/AWS-StartPortForwardingSession \
  --context ssm:resourceTag/ssmaccess=true
echo
echo "== And to an instance not tagged ssmaccess=true? (denied: the statement that failed, and the fix)"
step ssm-canconnect simulate -o table --policy testdata/policy/seed000-port-forwarding.json \
  --principal "arn:aws:sts::925774240130:assumed-role/AWSReservedSSO_SSM-PortForwarding_0123456789abcdef/a-a836660" \
  --action ssm:StartSession \
  --resource arn:aws:ec2:eu-west-1:925774240130:instance/i-0fedcba9876543210 \
  --resource arn:aws:ssm:eu-west-1::document/AWS-StartPortForwardingSession \
  --resource-tag ssmaccess=false
echo
echo "== Live: may the investigator (cast-dev-admin) port-forward to both instances right now?"
echo "   (allowed by AdministratorAccess, but both are Online and not connected: no)"
step ssm-canconnect --profile cast-dev-admin --session port-forward -o wide Name=cast-dev-app01 Name=cast-dev-db01
pipe "ssm-profiles --account 925774240130 --logged-in | ssm-canconnect --session port-forward -o table Name=cast-dev-app01"
echo
echo "== Live: and a-a836660's permission set EC2-SSM-PortForward, asked as the investigator with --as-role?"
echo "   (port-forward allowed on the tagged instance; shell needs the default document; db01 lacks the tag)"
pf_role=$(python3 -c 'import hashlib; print("arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_EC2-SSM-PortForward_" + hashlib.sha256(b"925774240130/EC2-SSM-PortForward").hexdigest()[:16])')
step ssm-canconnect --profile cast-dev-admin --as-role "$pf_role" --session port-forward --session shell -o table Name=cast-dev-app01 Name=cast-dev-db01
echo
echo "== Live: every instance, every session kind (the access matrix; SCPs unreadable from a member account: unknown)"
step ssm-canconnect --list --profile cast-dev-admin -o wide
echo
echo "== The ~/.ssh/config block with the pre-flight in front (printed, never written)"
step ssm-canconnect ssh-config --profile cast-dev-admin
echo
echo "== Is this machine ready (AWS CLI, session-manager-plugin, ssh, the ssh config's ProxyCommand profiles)?"
step ssm-readiness --local -o wide
echo
echo "== Is cast-dev-app01 ready? (no ssmmessages endpoint and no NAT route; its role cannot write the session logs)"
step ssm-readiness --profile cast-dev-admin Name=cast-dev-app01 -o markdown
echo
echo "== The seed question in one line: may a-a836660 and a-a837172 port-forward to cast-dev-app01,"
echo "   and is everything ready? One findings report: verdicts, gaps with the exact changes, the access path."
echo "   (cast-identity's legacy SSO login has expired; the logged-in sso-session 'cast' reaches the same"
echo "   Identity Center account, so a profile on it is added first.)"
printf '\n[profile cast-identity-sso]\nsso_session = cast\nsso_account_id = 717279730613\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n' >>"$AWS_CONFIG_FILE"
pipe "ssm-canconnect --profile cast-dev-admin --identity-center-profile \"\$(ssm-profiles -o name --account 717279730613 --logged-in)\" --as-user a-a836660 --as-user a-a837172 --session port-forward Name=cast-dev-app01 | ssm-readiness --local -o markdown > $work/findings.md"
sed -n '1,/^## Gaps/p' "$work/findings.md" | sed '$d'
echo "(the full report, with each gap's evidence and change and the Mermaid access path: $(wc -l <"$work/findings.md") lines)"
echo
echo "== Every AWS call the demo made was read-only (sandbox audit log):"
python3 - "$audit" <<'PY'
import collections, json, sys
ops = collections.Counter()
for line in open(sys.argv[1]):
    c = json.loads(line)
    ops[(c.get("service"), c.get("operation"))] += 1
for (svc, op), n in sorted(ops.items()):
    print(f"  {svc:>14} {op:<32} x{n}")
PY
