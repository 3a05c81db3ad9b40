#!/usr/bin/env python3
"""Post-build hook for Trunk: put the SHA-256 of every inline <script> of
index.html into its Content-Security-Policy, so the policy can forbid every
other script while Trunk's own loader still runs.

`scripts/release_assets.py` (the Trunk post-build hook) calls it; it also
runs alone with a directory argument.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "INLINE_SCRIPT_HASHES"


def hash_inline_scripts(folder: str) -> int:
    """Replaces the placeholder in `folder`/index.html; 0 on success."""
    path = os.path.join(folder, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if PLACEHOLDER not in html:
        print(f"csp.py: {path} has no {PLACEHOLDER} placeholder in its policy", file=sys.stderr)
        return 2
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    html = html.replace(PLACEHOLDER, hashes)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp.py: {len(scripts)} inline script(s) hashed into the policy")
    return 0


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR")
    if not folder:
        print("csp.py: no folder given and TRUNK_STAGING_DIR is not set", file=sys.stderr)
        return 2
    return hash_inline_scripts(folder)


if __name__ == "__main__":
    sys.exit(main())
