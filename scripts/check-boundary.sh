#!/usr/bin/env bash
# The core crate must know nothing of the browser: no yew, web-sys, js-sys,
# wasm-bindgen or gloo anywhere in its dependency tree, on any target.
set -euo pipefail
cd "$(dirname "$0")/.."
tree="$(cargo tree -p dmarc-core -e normal,build --target all --prefix none --format '{p}' --locked)"
bad="$(printf '%s\n' "$tree" | awk '{print $1}' | grep -E '^(yew|yew-[a-z-]+|web-sys|js-sys|wasm-bindgen|wasm-bindgen-[a-z-]+|gloo|gloo-[a-z-]+)$' | sort -u || true)"
if [ -n "$bad" ]; then
  echo "dmarc-core must not depend on browser crates, but its tree has: $(echo $bad)" >&2
  exit 1
fi
echo "dmarc-core: $(printf '%s\n' "$tree" | sort -u | wc -l) crates in its tree, none of them a browser crate"
