#!/usr/bin/env bash
# Installs what `make test` needs beyond Go, when it can (root with apt-get),
# and otherwise names exactly what to install. Idempotent and quiet when all is there.
set -euo pipefail

have_cli_v2() { [ -x /usr/bin/aws ] && /usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2'; }

# Debian packages the tests load: AWS CLI v2 (the alias and cross-check
# tests), and the shells the completion tests run (internal/e2e/shells_test.go).
missing=()
have_cli_v2 || missing+=(awscli)
[ -e /usr/share/bash-completion/bash_completion ] || missing+=(bash-completion)
command -v zsh >/dev/null || missing+=(zsh)
command -v fish >/dev/null || missing+=(fish)
command -v groff >/dev/null || missing+=(groff-base)  # the man page test renders with it
command -v man >/dev/null || missing+=(man-db)        # the release test reads pages through MANPATH

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "ensure-tools: installing ${missing[*]} (Debian) for the AWS CLI and shell tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "ensure-tools: missing ${missing[*]}: run 'sudo apt-get install ${missing[*]}' (Debian; awscli is AWS CLI v2 at /usr/bin/aws)" >&2
  fi
fi

if ! command -v moto_server >/dev/null; then
  echo "ensure-tools: moto_server missing: run 'pip install \"moto[server]\"' (moto 5.2)" >&2
fi
# v1 is the aws on PATH (pip's); v2 alone there does not count.
if ! aws --version 2>&1 | grep -q '^aws-cli/1'; then
  echo "ensure-tools: AWS CLI v1 missing from PATH: run 'pip install awscli'" >&2
fi
exit 0
