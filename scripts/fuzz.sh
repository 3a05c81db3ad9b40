#!/usr/bin/env bash
# Fuzz the core: `ingest` (any bytes through ingest_file: sniffing, gzip,
# zlib, zip, e-mail, mbox, XML, JSON, the dedup set and the exports) and
# `aggregate` (the aggregate report XML parser alone).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 60)
#
# Installs cargo-fuzz when missing. cargo-fuzz passes -Z flags to rustc, which
# only nightly accepts; rather than download a nightly toolchain, this sets
# RUSTC_BOOTSTRAP=1 so the toolchain pinned in rust-toolchain.toml accepts
# them (works offline once the crates are fetched). The sanitizer is off
# (`-s none`): dmarc-core forbids unsafe code, so AddressSanitizer would only
# slow the run down. `-O` builds with the release profile of fuzz/Cargo.toml,
# which turns debug assertions and overflow checks on (except in mail-parser,
# see the root Cargo.toml).
# Seeds: the project's fixtures, and the shared corpus when DMARC_CORPUS (or
# ../shared/corpus) exists. Findings land in fuzz/artifacts/<target>/; the
# script exits non-zero when a target crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-60}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked
fi

CORPUS_SRC="${DMARC_CORPUS:-../shared/corpus}"
status=0
for target in ingest aggregate; do
  dir="fuzz/corpus/$target"
  mkdir -p "$dir"
  # Seed once per file content (names are content hashes, so reruns add nothing twice).
  seed() {
    find "$@" -type f -size -2M 2>/dev/null | while read -r f; do
      case "$target:$f" in
        aggregate:*.xml | ingest:*) cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)" ;;
      esac
    done
  }
  seed crates/dmarc-core/tests/fixtures
  if [ -d "$CORPUS_SRC/files" ]; then seed "$CORPUS_SRC/files"; fi
  echo "fuzz.sh: $target for ${SECONDS_PER_TARGET}s ($(ls "$dir" | wc -l) inputs in its corpus)" >&2
  mkdir -p fuzz/artifacts
  log="fuzz/artifacts/$target.log"
  if ! (cd fuzz && cargo fuzz run -O -s none "$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1) \
        >"$log" 2>&1; then
    status=1
    echo "fuzz.sh: $target FAILED; see $log and fuzz/artifacts/$target/" >&2
    grep -E "panicked at|^thread|Reproduce with|cargo fuzz run" -A1 "$log" | cut -c1-300 | head -20 >&2
  fi
  runs="$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
  echo "fuzz.sh: $target: ${runs:-no summary (see $log)}" >&2
done
exit "$status"
