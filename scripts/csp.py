#!/usr/bin/env python3
"""Post-build hook for Trunk: put the SHA-256 of every inline <script> of
index.html into its Content-Security-Policy, so the policy can forbid every
other script while Trunk's own loader still runs.

Trunk runs it with TRUNK_STAGING_DIR set; it also takes a directory argument.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "INLINE_SCRIPT_HASHES"


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR")
    if not folder:
        print("csp.py: no folder given and TRUNK_STAGING_DIR is not set", file=sys.stderr)
        return 2
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


if __name__ == "__main__":
    sys.exit(main())
