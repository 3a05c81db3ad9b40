#!/usr/bin/env bash
# Installs what is missing, builds the release and serves it at http://127.0.0.1:8080
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$REPO_ROOT/scripts/setup.sh"
cd "$REPO_ROOT"
say "building the release (trunk build --release)"
trunk build --release
say "serving dist/ at http://127.0.0.1:${PORT:-8080}/ (Ctrl-C to stop)"
exec python3 -m http.server "${PORT:-8080}" --bind 127.0.0.1 --directory dist
