#!/usr/bin/env bash
# Executes every notebook headless against RESULTS_DIR and fails if any cell fails:
#   notebooks/run-all.sh results/smoke [OUT_DIR]
# The executed copies (with outputs and figures) go to OUT_DIR (default: a temporary directory);
# the notebooks in the checkout are left as they are. Needs jupyter nbconvert, ipykernel, pandas
# and matplotlib (Debian: jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: notebooks/run-all.sh RESULTS_DIR [OUT_DIR]" >&2
  exit 2
fi
if [[ ! -d "$1" ]]; then
  echo "run-all.sh: $1: no such results directory" >&2
  exit 2
fi
# Absolute, because the notebooks run in notebooks/ and read relative paths from there.
export ENGRAM_RESULTS="$(cd "$1" && pwd)"
OUT="${2:-$(mktemp -d "${TMPDIR:-/tmp}/engram-notebooks.XXXXXX")}"
mkdir -p "$OUT"
# Build the driver once here, not inside the first notebook's first query.
"$HERE/../bin/engram" --help >/dev/null
# The kernel's inline backend puts the figures into the executed copies; quiet its debugger.
unset MPLBACKEND
export PYDEVD_DISABLE_FILE_VALIDATION=1
failed=0
for nb in "$HERE"/[0-9][0-9]_*.ipynb; do
  echo "run-all.sh: $(basename "$nb") ..." >&2
  # Executed in notebooks/ (nbconvert runs a notebook in its own directory); a failing cell
  # makes nbconvert exit non-zero and print the cell and its traceback.
  if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
      --ExecutePreprocessor.kernel_name=python3 --output-dir "$OUT" "$nb"; then
    echo "run-all.sh: $(basename "$nb") FAILED" >&2
    failed=1
  fi
done
if [[ $failed -ne 0 ]]; then
  echo "run-all.sh: some notebooks failed (executed copies in $OUT)" >&2
  exit 1
fi
echo "run-all.sh: every notebook ran against $ENGRAM_RESULTS; executed copies in $OUT" >&2
