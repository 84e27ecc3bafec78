#!/usr/bin/env bash
# The large synthetic evaluation of issue 14, timed through the real command line: P problems (default
# 1,000,000) x S samples (default 16) of 0/1 rewards as long csv 'problem,reward', written sample-major so
# that each problem's rows are spread over the whole file (as in logs), then one run of
#   pkpo eval --in FILE --k 1,2,4,8,16
# Each problem's success rate is the product of two uniforms (many hard problems, a few easy ones). The
# data come from awk's srand(1): fixed for one awk (mawk and gawk differ), which is all a timing needs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
problems="${1:-1000000}"
samples="${2:-16}"
file="${3:-${TMPDIR:-/tmp}/pkpo-eval-synthetic-${problems}x${samples}.csv}"
if [ ! -f "$file" ]; then
  echo "writing $file ..." >&2
  awk -v P="$problems" -v S="$samples" 'BEGIN {
    srand(1)
    for (p = 0; p < P; p++) rate[p] = rand() * rand()
    print "problem,reward"
    for (s = 0; s < S; s++) for (p = 0; p < P; p++) printf "problem-%d,%d\n", p, (rand() < rate[p])
  }' > "$file.tmp"
  mv "$file.tmp" "$file"
fi
ls -l "$file" >&2
"$here/pkpo" --help >/dev/null 2>&1 || true   # builds the jar first if needed, outside the timing
time "$here/pkpo" eval --in "$file" --k 1,2,4,8,16
