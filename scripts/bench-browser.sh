#!/usr/bin/env bash
# The browser benchmark (not a test; figures in README.md, "Speed in the browser").
#
#   bash scripts/bench-browser.sh
#
# Builds the release (skip with BENCH_NO_BUILD=1), writes the generated inputs
# once into target/bench-inputs (cargo example `bench_inputs`), prints the
# shipped .wasm sizes, serves dist/ on 127.0.0.1:${BENCH_PORT:-8095}, drives
# Chromium through e2e/bench/browser-bench.js, then runs the core's native
# benchmark on the same reports for comparison (skip with BENCH_NATIVE=0).
# BENCH_CASES=aggregate-50k,year-1m picks cases; BENCH_FILTER_REPEAT=3;
# BENCH_SETTLE_MS=1000, the wait between the page being ready and the drop
# (0: at once); BENCH_CHROMIUM_ARGS, more flags for Chromium.
# The network data's cost once cached, for 100,000 distinct addresses (the
# issue's figure): BENCH_CASES=network-100k BENCH_NATIVE=0 (BENCH_NETWORK_RELOADS=5).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
bash scripts/setup.sh

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  say "building the release (trunk build --release)"
  trunk build --release
fi

target_dir="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
inputs="${BENCH_INPUTS:-$target_dir/bench-inputs}"
# Written again when the generator changed since (a new case, such as network-100k).
if [ ! -f "$inputs/manifest.json" ] || [ crates/dmarc-core/examples/bench_inputs.rs -nt "$inputs/manifest.json" ]; then
  say "writing benchmark inputs to $inputs"
  cargo run --release --locked -p dmarc-core --features testdata --example bench_inputs -- "$inputs"
fi

say "shipped .wasm sizes"
bash scripts/check-size.sh || true

port="${BENCH_PORT:-8095}"
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done

say "browser: ingest and filter changes in Chromium ($(chromium --version 2>/dev/null | head -n1))"
BENCH_INPUTS="$inputs" BENCH_URL="http://127.0.0.1:$port/" node e2e/bench/browser-bench.js

if [ "${BENCH_NATIVE:-1}" = 1 ]; then
  say "native: the same generated reports through the core (cargo bench, plain XML)"
  DMARC_BENCH_CASES=xml,session DMARC_BENCH_RUNS="${BENCH_NATIVE_RUNS:-3}" cargo bench --locked -p dmarc-core --bench aggregate
fi
