#!/usr/bin/env bash
# `make bench`: runs every benchmark script in scripts/bench.d/ and writes what
# each prints (markdown) into BENCHMARKS.md between its markers
# <!-- bench:NAME --> and <!-- /bench:NAME -->, NAME being the script's base name.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
mkdir -p .bench
for script in scripts/bench.d/*.sh; do
  [ -e "$script" ] || continue
  name=$(basename "$script" .sh)
  echo "bench: $name" >&2
  bash "$script" >".bench/$name.md"
  python3 - "$name" ".bench/$name.md" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
body = open(path).read().rstrip("\n")
doc = open("BENCHMARKS.md").read()
start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
block = f"{start}\n{body}\n{end}"
if start in doc and end in doc:
    doc = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda m: block, doc, flags=re.S)
else:
    doc = doc.rstrip("\n") + f"\n\n{block}\n"
open("BENCHMARKS.md", "w").write(doc)
PY
done
echo "bench: BENCHMARKS.md updated" >&2
