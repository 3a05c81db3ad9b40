#!/usr/bin/env bash
# Fuzz the core: `ingest` (any bytes through ingest_file: sniffing, gzip,
# zlib, zip, e-mail, mbox, XML, JSON, the dedup set and the exports),
# `aggregate` (the aggregate report XML parser alone, its result through
# serde_json and back) and `record` (the record parser and checker on any
# text: positions and columns, explanations, render → parse round trip).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 60)
#   FUZZ_TARGETS="record" scripts/fuzz.sh 1800   (some targets only)
#
# A long campaign: run one target at a time at low priority, so the machine
# stays usable, e.g. `FUZZ_TARGETS=record nice -n 19 scripts/fuzz.sh 14400`.
# The corpus under fuzz/corpus/<target>/ is kept between runs (each run
# starts from what the last one found); `cd fuzz && RUSTC_BOOTSTRAP=1 cargo
# fuzz cmin -O -s none <target>` shrinks it. The last line of
# fuzz/artifacts/<target>.log gives the executions (`Done N runs in S
# second(s)`); a crash leaves its input in fuzz/artifacts/<target>/, which
# `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -O -s none <target> <file>`
# replays. Turn a crash into a test in crates/dmarc-core/tests before fixing it.
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
for target in ${FUZZ_TARGETS:-ingest aggregate record}; do
  dir="fuzz/corpus/$target"
  mkdir -p "$dir"
  # Seed once per file content (names are content hashes, so reruns add nothing twice).
  seed() {
    find "$@" -type f -size -2M 2>/dev/null | while read -r f; do
      case "$target:$f" in
        aggregate:*.xml | ingest:* | record:*) cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)" ;;
      esac
    done
  }
  if [ "$target" = record ]; then
    seed fuzz/seeds/record
    dict=(-dict=record.dict)
  else
    seed crates/dmarc-core/tests/fixtures
    if [ -d "$CORPUS_SRC/files" ]; then seed "$CORPUS_SRC/files"; fi
    dict=()
  fi
  echo "fuzz.sh: $target for ${SECONDS_PER_TARGET}s ($(ls "$dir" | wc -l) inputs in its corpus)" >&2
  mkdir -p fuzz/artifacts
  log="fuzz/artifacts/$target.log"
  if ! (cd fuzz && cargo fuzz run -O -s none "$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "${dict[@]}") \
        >"$log" 2>&1; then
    status=1
    echo "fuzz.sh: $target FAILED; see $log and fuzz/artifacts/$target/" >&2
    grep -E "panicked at|^thread|Reproduce with|cargo fuzz run" -A1 "$log" | cut -c1-300 | head -20 >&2
  fi
  runs="$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
  echo "fuzz.sh: $target: ${runs:-no summary (see $log)}" >&2
done
exit "$status"
