#!/usr/bin/env bash
# Fails when a shipped .wasm grows past its gzip budget (bytes). Budgets and
# their reasons are in README.md ("Size"). Prints every file's figures.
set -euo pipefail
cd "$(dirname "$0")/.."
budget_for() {
  case "$1" in
    dmarc-lens-web*_bg.wasm) echo "${WASM_GZIP_BUDGET_MAIN:-396200}" ;;
    worker-*_bg.wasm) echo "${WASM_GZIP_BUDGET_WORKER:-500000}" ;;
    *) echo 0 ;;
  esac
}
status=0; found=0
for f in dist/*.wasm; do
  [ -e "$f" ] || continue
  found=$((found + 1))
  name="$(basename "$f")"; raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); budget=$(budget_for "$name")
  printf '%-40s %9d bytes, gzip -9 %8d bytes (budget %d)\n' "$name" "$raw" "$gz" "$budget"
  if [ "$budget" -eq 0 ]; then echo "  no budget set for $name: add one to scripts/check-size.sh" >&2; status=1
  elif [ "$gz" -gt "$budget" ]; then echo "  $name is over its budget by $((gz - budget)) bytes" >&2; status=1; fi
done
[ "$found" -gt 0 ] || { echo "no .wasm in dist/: build first (trunk build --release)" >&2; exit 1; }
exit $status
