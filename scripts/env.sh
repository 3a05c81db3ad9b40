# Sourced by the other scripts: pins and PATH, in one place.
# shellcheck shell=bash
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
TRUNK_VERSION="0.21.14"
# wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock; read it from there.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$REPO_ROOT/Cargo.lock" 2>/dev/null)"
export TRUNK_VERSION WASM_BINDGEN_VERSION
export PATH="$REPO_ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export DMARC_CORPUS="${DMARC_CORPUS:-$REPO_ROOT/../shared/corpus}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# The wasm-bindgen test runner reads extra Chromium flags from here.
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$REPO_ROOT/webdriver.json"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
