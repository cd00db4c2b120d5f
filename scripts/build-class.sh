#!/usr/bin/env bash
# Build class/, the bundle docs/teaching.md uses, with the commands of its "Before the class".
# Called by `make class`; by hand: bash scripts/build-class.sh [NEGSIM] (default ./negsim).
# An existing class/ is left as it is (notes a teacher added are safe); a failed build leaves
# no class/ behind. CLASS_RUNS=N adds --runs N to the runs, comparisons and sweep (for tests).
set -euo pipefail
cd "$(dirname "$0")/.."
negsim=${1:-./negsim}
out=class
if [ -e "$out" ]; then
  echo "$out/ exists already, so make class leaves it as it is (anything you added is safe)."
  echo "To build it again: rm -rf $out && make class"
  exit 0
fi
runs=()
if [ -n "${CLASS_RUNS:-}" ]; then runs=(--runs "$CLASS_RUNS"); fi

mkdir "$out"
built=false
trap 'if ! $built; then rm -rf "$out"; echo "make class failed: $out/ was removed; see the error above" >&2; fi' EXIT
log="$out/terminal.txt"
: > "$log"

# One command: say it, keep its terminal output (the tables to quote) in class/terminal.txt.
step() {
  echo "negsim $*"
  { echo "\$ negsim $*"; "$negsim" "$@"; echo; } >> "$log"
}

step run baseline "${runs[@]}" --out "$out/baseline"
step explain baseline --run 0 --out "$out/story"
step compare baseline us_resumes_aid russia_aid_halt_ceasefire us_pressure \
  monitored_ceasefire_guarantees high_escalation_risk "${runs[@]}" --out "$out/compare"
step sweep baseline --param actors.us.pressure_on_russia --values 0:1:6 "${runs[@]}" \
  --out "$out/pressure"
step compare baseline docs/class/optimists.yaml docs/class/clear_battles.yaml "${runs[@]}" \
  --out "$out/learning"
step run docs/class/optimists.yaml "${runs[@]}" --out "$out/optimists"
built=true

cat <<EOF

Built $out/ for the class in docs/teaching.md:
  $out/baseline/   the baseline: its charts and report.html
  $out/story/      one run told week by week (explain.md, explain_timeline.png)
  $out/compare/    six scenarios side by side (comparison charts, report.html)
  $out/pressure/   the US pressure sweep (sweep.png, report.html)
  $out/learning/   the optimists and clear battles against the baseline
  $out/optimists/  the optimists' own charts
  $out/terminal.txt  what each command printed (the tables to quote)
Open $out/baseline/report.html in a browser first; it works offline.
EOF
