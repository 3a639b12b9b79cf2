#!/usr/bin/env bash
# ssm-profiles (issue 2): 10,000 profiles vs `aws configure list-profiles`; see the script.
exec bash "$(dirname "$0")/../gen-profiles-bench.sh"
