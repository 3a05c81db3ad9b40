#!/usr/bin/env python3
"""Trunk's post-build hook (Trunk.toml): makes the staged build safe to cache.

1. Names every asset after its content. Trunk already hashes the page's
   script, wasm and styles, but not the Web Worker's files (`worker.js`,
   `worker_bg.wasm`, `worker_loader.js`) or copied files (`samples.zip`,
   `public_suffix_list.txt`):
   this renames them to `<stem>-<hash><suffix>` and rewrites the references
   (the loader names the worker's script and wasm; `index.html` names the
   loader and the samples in `<meta name="dmarc-lens:...">` tags the page
   reads). A new release therefore never pairs with an old cached file.
2. Puts the hashes of the inline scripts into the CSP (`scripts/csp.py`).
3. Writes `sw.js` from `assets/sw.js`: the service worker that keeps this
   release's files for offline use. Its VERSION is a hash of every shipped
   file, so any change to the release changes `sw.js` and the browser
   installs the new one; the page then says a newer version is ready.

Run by Trunk with TRUNK_STAGING_DIR set; also `release_assets.py DIR`.
`release_assets.py --service-worker-only DIR` only rewrites `sw.js` for the
files in DIR (the end-to-end update test makes its second release so).
"""
import hashlib
import json
import os
import re
import sys

import csp
import network_asset

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "assets", "sw.js")
SERVICE_WORKER = "sw.js"
# Files Trunk leaves unhashed. Order matters: a file is renamed only after the
# files it names have been, so its own hash covers their new names.
UNHASHED = ["worker.js", "worker_bg.wasm", "worker_loader.js", "samples.zip", "public_suffix_list.txt"]
# Which files name which (the worker's loader names its script and wasm).
REFERENCES = {"worker_loader.js": ["worker.js", "worker_bg.wasm"]}


def content_hash(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def hashed_name(name: str, digest: str) -> str:
    # worker_bg.wasm -> worker-<hash>_bg.wasm, as Trunk names the page's wasm.
    for suffix in ("_bg.wasm", "_loader.js"):
        if name.endswith(suffix):
            return f"{name[: -len(suffix)]}-{digest}{suffix}"
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{digest}{dot}{ext}"


def named(name: str) -> "re.Pattern":
    """`name` as a file reference: after a quote, `/` or `=` (Trunk's minified
    HTML leaves attribute values unquoted), before a quote, space or `>`."""
    return re.compile(r"([\"'/=])" + re.escape(name) + r"(?=[\"'\s>]|$)")


def rewrite(path: str, renames: dict) -> None:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for old, new in renames.items():
        text = named(old).sub(r"\g<1>" + new, text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def hash_names(folder: str) -> dict:
    renames = {}
    for name in UNHASHED:
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        for dep in REFERENCES.get(name, []):
            if dep not in renames:
                raise SystemExit(f"release_assets.py: {name} names {dep}, which is missing")
        if name in REFERENCES:
            rewrite(path, {k: renames[k] for k in REFERENCES[name]})
        new = hashed_name(name, content_hash(path))
        os.replace(path, os.path.join(folder, new))
        renames[name] = new
    index = os.path.join(folder, "index.html")
    rewrite(index, renames)
    with open(index, encoding="utf-8") as f:
        html = f.read()
    # The page must name, by their new names, the files no other file names.
    named_elsewhere = {dep for deps in REFERENCES.values() for dep in deps}
    for old, new in renames.items():
        if named(old).search(html) or (old not in named_elsewhere and new not in html):
            raise SystemExit(f"release_assets.py: index.html does not name {new} (for {old})")
    return renames


def shipped_files(folder: str) -> list:
    files = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")
            if rel != SERVICE_WORKER:
                files.append(rel)
    return sorted(files)


def write_service_worker(folder: str) -> None:
    files = shipped_files(folder)
    version = hashlib.sha256()
    for rel in files:
        version.update(rel.encode("utf-8") + b"\0")
        with open(os.path.join(folder, rel), "rb") as f:
            version.update(hashlib.sha256(f.read()).digest())
    # The page itself is cached under the folder's URL ("./"), not index.html.
    assets = ["./"] + ["./" + rel for rel in files if rel != "index.html"]
    with open(TEMPLATE, encoding="utf-8") as f:
        template = f.read()
    for placeholder in ("__VERSION__", "__ASSETS__"):
        if placeholder not in template:
            raise SystemExit(f"release_assets.py: {TEMPLATE} has no {placeholder}")
    text = template.replace("__VERSION__", version.hexdigest()[:16]).replace(
        "__ASSETS__", json.dumps(assets, indent=2)
    )
    with open(os.path.join(folder, SERVICE_WORKER), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"release_assets.py: sw.js caches {len(assets)} files, version {version.hexdigest()[:16]}")


def main(argv: list) -> int:
    only_sw = "--service-worker-only" in argv
    args = [a for a in argv if a != "--service-worker-only"]
    folder = args[0] if args else os.environ.get("TRUNK_STAGING_DIR")
    if not folder:
        print("release_assets.py: no folder given and TRUNK_STAGING_DIR is not set", file=sys.stderr)
        return 2
    if not only_sw:
        # The network asset first, in this same hook: Trunk runs hooks of one
        # stage at the same time, and both edit index.html; sw.js must list it.
        status = network_asset.build(folder)
        if status != 0:
            return status
        renames = hash_names(folder)
        print("release_assets.py: " + ", ".join(f"{k} -> {v}" for k, v in renames.items()))
        status = csp.hash_inline_scripts(folder)
        if status != 0:
            return status
    write_service_worker(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
