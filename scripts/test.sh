#!/usr/bin/env bash
# Installs what is missing, then runs every check. Exit status 0 only if all pass.
#   bash scripts/test.sh            everything (what CI runs)
#   SKIP_FUZZ=1 bash scripts/test.sh   everything but the short fuzz runs
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
bash scripts/setup.sh || exit 1

passed=0; failed=0; failures=()
step() { # step NAME CMD...
  local name="$1"; shift
  say "$name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); printf '    ok: %s (%ss)\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1)); failures+=("$name"); printf '    FAILED: %s (%ss)\n' "$name" $((SECONDS - start))
  fi
}

export CARGO_TERM_COLOR=never
# The network asset test (crates/dmarc-netdata) must not skip here: setup installed its data.
export DMARC_NETWORK_DATA_REQUIRED=1
step "cargo fmt --check"            cargo fmt --all -- --check
step "core depends on no browser crate" bash scripts/check-boundary.sh
step "embedded Public Suffix List is the pinned psl crate's" python3 scripts/make-psl.py --check
step "clippy (host)"                cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (wasm32)"              bash -c 'cargo clippy --locked --target wasm32-unknown-unknown -p dmarc-core --lib -- -D warnings &&
                                      cargo clippy --locked --target wasm32-unknown-unknown -p dmarc-core --lib --no-default-features -- -D warnings &&
                                      cargo clippy --locked --target wasm32-unknown-unknown -p dmarc-lens-web --lib --bins --tests -- -D warnings'
step "native tests"                 cargo test --workspace --locked
# The core as the web package builds it, without the embedded Public Suffix List (psl.rs).
step "core without the embedded list" cargo test --locked -p dmarc-core --lib --no-default-features psl::
step "browser tests (wasm-bindgen-test, headless Chromium)" \
                                    cargo test --locked --target wasm32-unknown-unknown -p dmarc-lens-web
step "release build (trunk)"        trunk build --release
step "shipped size budget"          bash scripts/check-size.sh
# e2e/tests/export-matches-dashboard.spec.js compares the page with `dmarc-lens parse`
# (DMARC_LENS_BIN, default $CARGO_TARGET_DIR or target/, then debug/dmarc-lens).
step "command-line tool for the end-to-end tests" cargo build --locked -p dmarc-cli
# The export of the shared corpus loaded into ClickHouse's engine (chDB, engines/clickhouse.sql)
# and DuckDB (engines/duckdb.sql), twice: their totals per domain and day, and per domain and family, equal `dmarc-lens analyze`.
step "engine loads (chDB, DuckDB) equal dmarc-lens analyze" \
                                    .tools/engines/bin/python engines/test_engines.py \
                                      "${DMARC_LENS_BIN:-${CARGO_TARGET_DIR:-target}/debug/dmarc-lens}" "$DMARC_CORPUS/files"
step "end-to-end tests (Playwright)" bash -c 'cd e2e && npx playwright test'
if [ -z "${SKIP_FUZZ:-}" ] && [ -f scripts/fuzz.sh ]; then
  step "fuzzing (short run)"        bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
fi

echo
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
