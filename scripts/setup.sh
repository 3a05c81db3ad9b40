#!/usr/bin/env bash
# Installs what is missing, reuses what is there. Safe to run again and again.
# Every tool comes from a package registry (crates.io, npm, Debian); nothing
# is downloaded from anywhere else, so it works on this project's offline machines.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

need() { # need CMD "how to get it"
  command -v "$1" >/dev/null 2>&1 || die "'$1' is missing. $2"
}
need cargo "Install Rust with rustup (https://rustup.rs), then run this again."
need rustup "Install Rust with rustup (https://rustup.rs), then run this again."
need python3 "Install Python 3 (Debian: apt-get install python3)."
need node "Install Node.js 20 or newer with npm (Debian: apt-get install nodejs npm)."
need npm "Install npm (Debian: apt-get install npm)."

# 1. The Rust toolchain pinned by rust-toolchain.toml, with the wasm target.
toolchain="$(awk -F'"' '/^channel/ { print $2 }' rust-toolchain.toml)"
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1 \
   || ! rustup target list --toolchain "$toolchain" --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "installing Rust $toolchain with the wasm32-unknown-unknown target"
  rustup toolchain install "$toolchain" --profile minimal -c rustfmt -c clippy -t wasm32-unknown-unknown \
    || die "rustup could not install Rust $toolchain; check that the Rust distribution server is reachable."
fi

# 2. Chromium and ChromeDriver for browser and end-to-end tests (Debian's, not a Playwright download).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "Chromium and ChromeDriver are missing and apt-get is not available: install 'chromium' and 'chromium-driver' (or set CHROMEDRIVER)."
  say "installing chromium and chromium-driver (apt)"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null \
    || die "apt-get could not install chromium and chromium-driver"
fi

# 2b. Dovecot, the real IMAP server the `fetch --imap` tests start on 127.0.0.1 in a temporary
#     folder (crates/dmarc-cli/tests/common/dovecot.rs). The system's own Dovecot service is kept
#     from starting during the install (a policy-rc.d, only when the machine has none).
if [ ! -x /usr/sbin/dovecot ] || ! dpkg -s dovecot-imapd >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "Dovecot is missing and apt-get is not available: install 'dovecot-imapd' (Debian's package) for the IMAP tests."
  say "installing dovecot-imapd (apt), for the IMAP tests"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  policy=/usr/sbin/policy-rc.d; made_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null && $sudo_cmd chmod +x "$policy" && made_policy=1
  fi
  $sudo_cmd apt-get update -qq || { [ -z "$made_policy" ] || $sudo_cmd rm -f "$policy"; die "apt-get update failed"; }
  status=0
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq dovecot-imapd >/dev/null || status=$?
  [ -z "$made_policy" ] || $sudo_cmd rm -f "$policy"
  [ "$status" -eq 0 ] || die "apt-get could not install dovecot-imapd"
fi

# 3. Trunk, pinned: 0.22 needs a newer rustc than ours.
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (cargo install, about 6 minutes the first time)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked || die "cargo install trunk failed (see above)"
fi

# 4. wasm-bindgen CLI, the same version as the crate in Cargo.lock. Not --locked: its own
#    lock file pins a webpki-roots release the registry mirror does not serve.
[ -n "$WASM_BINDGEN_VERSION" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
   || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install, about 2 minutes)"
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force || die "cargo install wasm-bindgen-cli failed"
fi

# 5. npm packages: wasm-opt (binaryen; Debian's is too old), Playwright (no browser download), axe-core.
stamp="e2e/node_modules/.package-lock.stamp"
if [ ! -f "$stamp" ] || ! cmp -s e2e/package-lock.json "$stamp"; then
  say "installing npm packages (e2e/package-lock.json)"
  (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in e2e/"
  cp e2e/package-lock.json "$stamp"
fi
# 6. Network data (npm, pinned in data/network/package-lock.json): routing data and CLDR country
#    names that crates/dmarc-netdata re-encodes into the app's network asset (see README, "Networks").
stamp="data/network/node_modules/.package-lock.stamp"
if [ ! -f "$stamp" ] || ! cmp -s data/network/package-lock.json "$stamp"; then
  say "installing the network data packages (data/network/package-lock.json)"
  (cd data/network && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in data/network/"
  cp data/network/package-lock.json "$stamp"
fi
[ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" = "132" ] || die "wasm-opt 132 is not on PATH (expected e2e/node_modules/.bin/wasm-opt from npm binaryen)"

# 6. The in-process engines the engine tests load the exports into (chDB, DuckDB), from PyPI,
#    pinned in engines/requirements.txt, in a virtual environment of their own (git-ignored).
engines=".tools/engines"
if [ ! -x "$engines/bin/python" ] || ! cmp -s engines/requirements.txt "$engines/requirements.stamp"; then
  say "installing chdb and duckdb into $engines (pip, about 1 GB the first time)"
  python3 -m venv "$engines" || die "python3 -m venv failed: install the venv module (Debian: apt-get install python3-venv)"
  "$engines/bin/pip" install -q --disable-pip-version-check -r engines/requirements.txt \
    || die "pip could not install engines/requirements.txt"
  cp engines/requirements.txt "$engines/requirements.stamp"
fi

say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -n1)"
