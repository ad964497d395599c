#!/usr/bin/env bash
# The benchmark set at 1k and 10k reports, figures written as markdown to bench/results.md (make bench).
#
#   bench/all.sh                      # parse speed, scale 1k + 10k (dense encoding real at both), eval
#   SCALE_ARGS="--reports 1000 --reports 10000 --dense-up-to 1000" bench/all.sh   # 10k: encoder sampled
#
# Runs one benchmark at a time: the machine has 2 cores and each benchmark wants both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
SCALE_ARGS="${SCALE_ARGS:---reports 1000 --reports 10000}"
OUT="${OUT:-bench/results.md}"
started=$(date +%s)
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
{
    echo "# Benchmark results"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(git rev-parse --short HEAD 2>/dev/null || echo '?')," \
        "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "## Parsing"
    echo
    "$PY" -m bench.parse_speed --reports 500
    echo
    echo "## Scale: bench/scale.py $SCALE_ARGS"
    echo
    # shellcheck disable=SC2086  # SCALE_ARGS is a list of arguments
    "$PY" -m bench.scale $SCALE_ARGS
    echo
    echo "## Evaluation: bench/eval.py"
    echo
    "$PY" -m bench.eval
    echo
    echo "(bench/all.sh: $(( $(date +%s) - started )) s in all)"
} > "$tmp"
mv "$tmp" "$OUT"
trap - EXIT
echo "wrote $OUT"
