#!/usr/bin/env bash
# Every relative link in the repository's Markdown files must name a file or folder that exists
# (and, for a #fragment into a Markdown file, a heading of it). Prints each broken link; exits 1
# if there is one. Links with a scheme (https:, mailto:) are not checked.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - <<'PY'
import os, re, subprocess, sys

files = [f for f in subprocess.run(["git", "ls-files", "*.md"], capture_output=True, text=True, check=True).stdout.split("\n") if f]
# Untracked new files count too, so that the check runs before a commit.
files += [f for f in subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "*.md"], capture_output=True, text=True, check=True).stdout.split("\n") if f]
link = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
fence = re.compile(r"^\s*(```|~~~)")

def anchors(path):
    out = set()
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^#+\s+(.*)", line)
        if m:
            a = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            out.add(a)
    return out

broken = []
for f in sorted(set(files)):
    if "/target/" in f or not os.path.exists(f):
        continue
    in_code = False
    for n, line in enumerate(open(f, encoding="utf-8"), 1):
        if fence.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        for target in link.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or False:
                continue
            path, _, frag = target.partition("#")
            resolved = os.path.normpath(os.path.join(os.path.dirname(f), path)) if path else f
            if not os.path.exists(resolved):
                broken.append(f"{f}:{n}: {target} (no {resolved})")
            elif frag and resolved.endswith(".md") and frag not in anchors(resolved):
                broken.append(f"{f}:{n}: {target} (no heading #{frag} in {resolved})")
for b in broken:
    print("broken link:", b)
print(f"check-links: {len(files)} Markdown files, {len(broken)} broken links")
sys.exit(1 if broken else 0)
PY
