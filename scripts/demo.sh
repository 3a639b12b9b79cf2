#!/usr/bin/env bash
# `make demo`: run the tools as a user would. Uses the sandbox's `seed` scenario
# when the sandbox launcher is present, else the bundled sample config.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
demo_home=$(mktemp -d)
trap 'rm -rf "$demo_home"' EXIT
mkdir -p "$demo_home/.aws/sso/cache"
cp testdata/demo/config "$demo_home/.aws/config"
# The "cast" session is logged in for an hour; "cast-idc" has an expired token.
token() { printf '{"startUrl":"https://d-906700aaaa.awsapps.com/start","region":"us-east-1","accessToken":"demo-not-a-secret","expiresAt":"%s"}' "$1"; }
sha() { printf '%s' "$1" | sha1sum | cut -d' ' -f1; }
token "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)" >"$demo_home/.aws/sso/cache/$(sha cast).json"
token "$(date -u -d '-1 day' +%Y-%m-%dT%H:%M:%SZ)" >"$demo_home/.aws/sso/cache/$(sha cast-idc).json"
export HOME="$demo_home" AWS_CONFIG_FILE="$demo_home/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$demo_home/.aws/credentials"

step() { printf '\n$ %s\n' "$*"; "$@" || printf '(exit %d)\n' "$?"; }
step ssm-profiles -o table
step ssm-profiles --account 925774240130
step ssm-profiles -o name --account 925774240130 --role '*SSM*'
step ssm-profiles --account 717279730613 -o table
