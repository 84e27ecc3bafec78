#!/usr/bin/env bash
# The README's performance table, measured in one sequence: each line is one `./pkpo bench` run (SIMD, scalar
# and a plain copy interleaved in rounds, median round), float32 sloo_minus_one k = 4 over 65,536 groups unless
# the line says otherwise. Prints the CPU first (the figures mean nothing without it), then markdown rows.
#   bench/perf-table.sh [SECONDS]     (default 2 seconds per path; the warm-up is half of that)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-2}"
echo "CPU: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'), $(nproc) cores," \
     "$(lscpu | grep -o 'avx512f' | head -1 || echo 'no avx512f'); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| case | simd | scalar | copy | simd / scalar |"
echo "|---|---:|---:|---:|---:|"
row() {
  local label="$1"; shift
  "$here/pkpo" bench --estimator sloo_minus_one --k 4 --seconds "$seconds" --json "$@" | python3 -c '
import json, sys
r = json.load(sys.stdin)["paths"]
def m(p):
    v = r[p]["rewards_per_s"] / 1e6
    return f"{v:,.0f} M" if v < 10000 else f"{v / 1000:,.1f} G"
s = r["simd"]
print("| %s | %s (%s ns/group) | %s | %s | %.1fx |" % (sys.argv[1], m("simd"), format(s["ns_per_group"], ",.1f"),
      m("scalar"), m("copy"), s["vs_scalar"]))
' "$label"
}
row "n = 16, f32" --n 16 --dtype f32
row "n = 16, f32, 2 threads" --n 16 --dtype f32 --threads 2
row "n = 16, f64" --n 16 --dtype f64
row "n = 64, f32" --n 64 --dtype f32
row "n = 256, f32" --n 256 --dtype f32
row "n = 256, f32, 2 threads" --n 256 --dtype f32 --threads 2
row "n = 4096, f32 (2,048 groups)" --n 4096 --dtype f32 --groups 2048
PKPO_JAVA_OPTS="${PKPO_JAVA_OPTS:-} -XX:UseAVX=2" row "n = 16, f32, AVX2 (-XX:UseAVX=2)" --n 16 --dtype f32
