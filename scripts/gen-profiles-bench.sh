#!/usr/bin/env bash
# ssm-profiles benchmark (issue 2), as a markdown block for BENCHMARKS.md:
# a 10,000-profile ~/.aws (scripts/gen-profiles) listed with full Profile
# records by `ssm-profiles` (NDJSON: token status, chain, warnings, ...) vs
# bare names by `aws configure list-profiles` (AWS CLI v2), runs interleaved
# in one invocation. Goal: ssm-profiles at least 20x faster.
# Needs Go and an AWS CLI v2 (Debian: apt-get install awscli -> /usr/bin/aws);
# builds ssm-profiles from the working tree so the figure matches the source.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-11}

bin=$work/ssm-profiles
go build -o "$bin" ./cmd/ssm-profiles
aws=""
for c in "$(command -v aws || true)" /usr/bin/aws; do
  if [ -n "$c" ] && "$c" --version 2>&1 | grep -q '^aws-cli/2'; then aws=$c; break; fi
done
if [ -z "$aws" ]; then
  echo "gen-profiles-bench: no AWS CLI v2 (first aws on PATH, /usr/bin/aws); on Debian: apt-get install -y awscli" >&2
  exit 1
fi
go run ./scripts/gen-profiles -home "$work/home" -n 10000
export HOME="$work/home"
unset AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_PROFILE

# Both must list all 10,000 before anything is timed.
n_ours=$("$bin" -o ndjson | wc -l)
n_aws=$("$aws" configure list-profiles | wc -l)
if [ "$n_ours" -ne 10000 ] || [ "$n_aws" -ne 10000 ]; then
  echo "gen-profiles-bench: expected 10000 profiles, got ssm-profiles=$n_ours aws=$n_aws" >&2
  exit 1
fi

ms() { # run "$@" once, print wall milliseconds
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}
ours=() theirs=()
for _ in $(seq "$runs"); do
  ours+=("$(ms "$bin" -o ndjson)")
  theirs+=("$(ms "$aws" configure list-profiles)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
best() { printf '%s\n' "$@" | sort -n | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 1) }'; }
b_ours=$(best "${ours[@]}") b_aws=$(best "${theirs[@]}")
m_ours=$(median "${ours[@]}") m_aws=$(median "${theirs[@]}")

echo "### ssm-profiles: 10,000 profiles, full records vs bare names"
echo
echo "Command: \`bash scripts/gen-profiles-bench.sh\` (RUNS=$runs, the two commands interleaved) on $(nproc) cores,"
echo "$(date -u +%Y-%m-%d), load average $(cut -d' ' -f1 /proc/loadavg) at the end."
echo "Profiles from \`go run ./scripts/gen-profiles -home DIR -n 10000\`: 80% sso-session, 5% legacy SSO,"
echo "10% assume-role chained to SSO profiles, 5% static keys in the credentials file; 5 SSO token cache files."
echo
echo "| command | output | best (ms) | median (ms) | all runs (ms) |"
echo "| --- | --- | ---: | ---: | --- |"
echo "| \`ssm-profiles -o ndjson\` | 10,000 Profile records | $b_ours | $m_ours | ${ours[*]} |"
echo "| \`aws configure list-profiles\` ($("$aws" --version 2>&1 | cut -d' ' -f1)) | 10,000 bare names | $b_aws | $m_aws | ${theirs[*]} |"
echo
echo "ssm-profiles is **$(ratio "$b_aws" "$b_ours")x** faster best-to-best and $(ratio "$m_aws" "$m_ours")x median-to-median"
echo "(goal: at least 20x). The best run is the cost without other load; the median shows the noise."
