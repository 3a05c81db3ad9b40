#!/usr/bin/env python3
"""Trunk post-build hook: build the network asset (crates/dmarc-netdata, from
the npm packages in data/network/node_modules), copy it into the build under
a content-hashed name, network-<sha256:16>.bin, and write that name into
index.html's <meta name="dmarc-lens-network">, where the page reads it.

The asset is rebuilt only when the builder or the pinned packages changed
(target/network/network.bin is reused otherwise). Also takes a directory
argument instead of TRUNK_STAGING_DIR.
"""
import hashlib
import os
import subprocess
import sys

PLACEHOLDER = "NETWORK_ASSET_FILE"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR")
    if not folder:
        print("network_asset.py: no folder given and TRUNK_STAGING_DIR is not set", file=sys.stderr)
        return 2
    return build(folder)


def build(folder: str) -> int:
    """Builds the asset into `folder` and names it in its index.html."""
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARGO_BUILD_TARGET")}
    subprocess.run(["cargo", "build", "--quiet", "--locked", "-p", "dmarc-netdata"],
                   cwd=REPO, env=env, check=True)
    binary = os.path.join(target, "debug", "dmarc-netdata")
    out = os.path.join(target, "network", "network.bin")
    lock = os.path.join(REPO, "data", "network", "package-lock.json")
    fresh = os.path.exists(out) and os.path.getmtime(out) > max(
        os.path.getmtime(binary), os.path.getmtime(lock))
    if not fresh:
        subprocess.run([binary, "--out", out], cwd=REPO, check=True)
    with open(out, "rb") as f:
        data = f.read()
    name = "network-" + hashlib.sha256(data).hexdigest()[:16] + ".bin"
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
    page = os.path.join(folder, "index.html")
    with open(page, encoding="utf-8") as f:
        html = f.read()
    if PLACEHOLDER not in html:
        print(f"network_asset.py: {page} has no {PLACEHOLDER} placeholder", file=sys.stderr)
        return 2
    with open(page, "w", encoding="utf-8") as f:
        f.write(html.replace(PLACEHOLDER, name))
    print(f"network_asset.py: {name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
