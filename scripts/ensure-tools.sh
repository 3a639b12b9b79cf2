#!/usr/bin/env bash
# Installs what `make test` needs beyond Go, when it can (root with apt-get),
# and otherwise names exactly what to install. Idempotent and quiet when all is there.
set -euo pipefail

have_cli_v2() { [ -x /usr/bin/aws ] && /usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2'; }

if ! have_cli_v2; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "ensure-tools: installing Debian's awscli (AWS CLI v2) for the cross-check tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq awscli >/dev/null
  else
    echo "ensure-tools: AWS CLI v2 missing: run 'sudo apt-get install awscli' (Debian) or install AWS CLI v2 at /usr/bin/aws" >&2
  fi
fi

if ! command -v moto_server >/dev/null; then
  echo "ensure-tools: moto_server missing: run 'pip install \"moto[server]\"' (moto 5.2)" >&2
fi
if ! command -v aws >/dev/null; then
  echo "ensure-tools: AWS CLI v1 missing: run 'pip install awscli'" >&2
fi
exit 0
