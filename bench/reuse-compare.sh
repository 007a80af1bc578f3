#!/usr/bin/env bash
# Correctness against the reference (issue 10, REUSE 3.3): `tenet check --policy std/reuse`
# against `reuse lint --json`, file for file, on fixture repositories covering each REUSE
# case: the std/reuse fixtures, plus repositories built here for the cases they do not
# cover (REUSE.toml precedence, nested REUSE.toml, dep5, sidecars, binaries, ignore blocks,
# comment styles, `+` ids, exceptions, Meson subprojects, SPDX documents, empty files).
# Installs `reuse` from PyPI into a venv under a temporary directory (network needed; not
# part of `cargo test`). Prints, per repository, the (problem, file) pairs each tool reports
# and every difference; exits 1 if any.
# Usage: bench/reuse-compare.sh [REPO…]   (default: every case below)
#   VERBOSE=1 lists every problem; REUSE_VERSION=6.2.0 pins reuse; REUSE_VENV=DIR reuses a venv; TENET=BIN skips the build
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
venv=${REUSE_VENV:-$work/venv}   # REUSE_VENV: a venv that already has reuse
if [ ! -x "$venv/bin/reuse" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "reuse${REUSE_VERSION:+==$REUSE_VERSION}"
fi
echo "reuse $("$venv/bin/reuse" --version | head -1 | awk '{print $NF}')"
if [ -z "${TENET:-}" ]; then cargo build --release --quiet; fi
tenet=${TENET:-$root/target/release/tenet}

# Cases built here: name, then files as path<TAB>content (printf escapes)
mk() {
  local dir="$work/cases/$1"; shift
  mkdir -p "$dir"
  while [ $# -gt 0 ]; do
    mkdir -p "$(dirname "$dir/$1")"
    printf -- "$2" > "$dir/$1"
    shift 2
  done
}
H='// SPDX-FileCopyrightText: 2024 Ada\n// SPDX-License-Identifier: MIT\n'
mk toml-precedence \
  LICENSES/MIT.txt 'MIT\n' LICENSES/Apache-2.0.txt 'Apache\n' LICENSES/CC0-1.0.txt 'CC0\n' \
  REUSE.toml 'version = 1\n[[annotations]]\npath = "closest/**"\nSPDX-FileCopyrightText = "Acme"\nSPDX-License-Identifier = "Apache-2.0"\n[[annotations]]\npath = "agg/**"\nprecedence = "aggregate"\nSPDX-FileCopyrightText = "Acme"\nSPDX-License-Identifier = "Apache-2.0"\n[[annotations]]\npath = "over/**"\nprecedence = "override"\nSPDX-FileCopyrightText = "Acme"\nSPDX-License-Identifier = "CC0-1.0"\n' \
  closest/full.c "$H" closest/license-only.c '// SPDX-License-Identifier: MIT\n' closest/copyright-only.c '// SPDX-FileCopyrightText: Ada\n' closest/none.c 'int x;\n' \
  agg/a.c "$H" over/o.c '// SPDX-License-Identifier: GPL-3.0-only\n' \
  other/uncovered.c 'int y;\n'
mk toml-nested \
  LICENSES/MIT.txt 'MIT\n' LICENSES/BSD-3-Clause.txt 'BSD\n' LICENSES/CC-BY-4.0.txt 'CC\n' \
  REUSE.toml 'version = 1\n[[annotations]]\npath = "**"\nSPDX-FileCopyrightText = "Top"\nSPDX-License-Identifier = "MIT"\n[[annotations]]\npath = "third/**"\nprecedence = "override"\nSPDX-FileCopyrightText = "Third"\nSPDX-License-Identifier = "BSD-3-Clause"\n' \
  docs/REUSE.toml 'version = 1\n[[annotations]]\npath = "*.md"\nSPDX-License-Identifier = "CC-BY-4.0"\n' \
  docs/a.md '# a\n' docs/sub/b.md '# b\n' third/REUSE.toml 'version = 1\n[[annotations]]\npath = "**"\nSPDX-License-Identifier = "GPL-3.0-only"\n' third/x.c 'int x;\n' src/y.c 'int y;\n'
mk dep5 \
  LICENSES/MIT.txt 'MIT\n' LICENSES/CC0-1.0.txt 'CC0\n' \
  .reuse/dep5 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: demo\n\nFiles: img/*\nCopyright: 2020 Jane\nLicense: CC0-1.0\n\nFiles: img/special.txt\nCopyright: 2021 Bob\nLicense: MIT\n' \
  img/a.txt 'a\n' img/deep/b.txt 'b\n' img/special.txt '// SPDX-License-Identifier: MIT\n' src/c.c 'int c;\n'
mk sidecars-binaries \
  LICENSES/MIT.txt 'MIT\n' LICENSES/CC-BY-4.0.txt 'CC\n' \
  logo.png '\211PNG\r\n\032\n\000\000\000\rIHDR' logo.png.license 'SPDX-FileCopyrightText: Artist\nSPDX-License-Identifier: CC-BY-4.0\n' \
  bare.png '\211PNG\r\n\032\n\000\000\000\rIHDR SPDX-License-Identifier: MIT' \
  replaced.c "$H" replaced.c.license 'SPDX-FileCopyrightText: Other\n' orphan.c.license 'SPDX-License-Identifier: MIT\n' empty.c ''
mk comment-styles \
  LICENSES/MIT.txt 'MIT\n' LICENSES/GPL-2.0-only.txt 'GPL\n' LICENSES/GPL-2.0-or-later.txt 'GPL\n' LICENSES/Classpath-exception-2.0.txt 'CE\n' LICENSES/LicenseRef-Acme.txt 'acme\n' \
  a.html '<!-- SPDX-FileCopyrightText: 2024 Ada -->\n<!-- SPDX-License-Identifier: MIT -->\n' \
  b.css '/* Copyright (c) 2020 Ada */\n/* SPDX-License-Identifier: MIT */\n' \
  c.py '# © 2021 Ada\n# SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0\n' \
  d.sql '-- Copyright 2019 Ada\n-- SPDX-License-Identifier: GPL-2.0+\n' \
  e.c '/*\n * SPDX-FileCopyrightText: Ada\n * SPDX-License-Identifier: LicenseRef-Acme\n */\n' \
  f.c '// SPDX-FileCopyrightText: Ada\n// REUSE-IgnoreStart\n// SPDX-License-Identifier: MIT\n// REUSE-IgnoreEnd\n' \
  g.c '// copyright lowercase\n// SPDX-License-Identifier: MIT OR\n' \
  h.c '// SPDX-FileCopyrightText: Ada\n// SPDX-License-Identifier: mit or Apache-2.0\n'
mk licenses-dir \
  LICENSES/MIT 'MIT\n' LICENSES/GPL-3.0.txt 'GPL\n' LICENSES/Mine.txt 'mine\n' LICENSES/LicenseRef-Unused.txt 'x\n' LICENSES/MIT.txt.license 'SPDX-FileCopyrightText: x\n' \
  a.c '// SPDX-FileCopyrightText: Ada\n// SPDX-License-Identifier: MIT AND GPL-3.0 AND Mine\n'
mk ignored-files \
  LICENSE 'MIT\n' COPYING.txt 'x\n' LICENSE-MIT 'x\n' sbom.spdx.json '{}\n' x.spdx 'x\n' \
  subprojects/dep/a.c 'int a;\n' subprojects/top.wrap '[wrap-file]\n' \
  LICENSES/MIT.txt 'MIT\n' sub/LICENSES/x.c 'int x;\n' .reuse/other 'x\n'
# Hostile or borderline files: a tag past tenet's 8 KiB head, Latin-1, UTF-16, symlinks,
# a broken REUSE.toml
mk long-header LICENSES/MIT.txt 'MIT\n' late.c "$(head -c 9000 /dev/zero | tr '\0' 'x')\n$H"
mk encodings LICENSES/MIT.txt 'MIT\n' \
  latin1.c '/* \251 2001 Jos\351 */\n/* SPDX-License-Identifier: MIT */\n' \
  utf16.c '\377\376/\000/\000 \000S\000P\000D\000X\000-\000L\000i\000c\000e\000n\000s\000e\000-\000I\000d\000e\000n\000t\000i\000f\000i\000e\000r\000:\000 \000M\000I\000T\000\n\000'
mk symlinks LICENSES/MIT.txt 'MIT\n' real.c "$H"
ln -s real.c "$work/cases/symlinks/link.c"
ln -s /etc/hostname "$work/cases/symlinks/out.c"
mk broken-toml LICENSES/MIT.txt 'MIT\n' a.c "$H" REUSE.toml 'version = 1\n[[annotations]]\npath = "*.c"\nprecedence = "nearest"\n'

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for d in rules/std/reuse/fixtures/*/*/ "$work"/cases/*/; do cases+=("${d%/}"); done
fi
# Differences by design, explained (reported, but they do not fail the script)
declare -A known=(
  [long-header]="tenet reads the first 8 KiB of each file (the header); reuse-tool reads whole files"
)
differ=0
for case in "${cases[@]}"; do
  name=${case#"$root"/}; name=${name#"$work"/cases/}
  # reuse lint reads the directory as it is; a copy keeps git and the parent repository out
  copy="$work/copy"; rm -rf "$copy"; cp -r "$case" "$copy"
  (cd "$copy" && "$venv/bin/reuse" --root . lint --json > "$work/reuse.json" 2>"$work/reuse.err") || true
  "$tenet" check "$copy" --policy std/reuse --format json > "$work/tenet.json" 2>"$work/tenet.err" || true
  "$venv/bin/python" - "$work/reuse.json" "$work/tenet.json" "$work/reuse.err" > "$work/pairs" <<'PY'
import json, re, sys
from license_expression import Licensing
lic = Licensing()
def ids(expr):
    try:
        return [str(k) for k in lic.license_keys(lic.parse(expr, simple=True))]
    except Exception:
        return []
out = set()
try:
    r = json.load(open(sys.argv[1]))
except Exception:
    r = None
    err = open(sys.argv[3]).read().strip().splitlines()
    out.add(("reuse", "error", "-"))
    print("reuse\tmessage\t" + (err or ["(no output)"])[-1][:120])
if r:
    nc = r["non_compliant"]
    strip = lambda p: p[2:] if p.startswith("./") else p
    for f in nc["missing_licensing_info"]: out.add(("reuse", "missing-license", strip(f)))
    for f in nc["missing_copyright_info"]: out.add(("reuse", "missing-copyright", strip(f)))
    for l in nc["bad_licenses"]: out.add(("reuse", "bad-license-text", l))
    for l in nc["deprecated_licenses"]: out.add(("reuse", "deprecated-license-text", l))
    for l in nc["licenses_without_extension"]: out.add(("reuse", "license-text-without-extension", l))
    for l in nc["unused_licenses"]: out.add(("reuse", "unused-license-text", l))
    missing = set(nc["missing_licenses"])
    for f in r["files"]:
        for e in f["spdx_expressions"]:
            if not e["is_valid"]:
                out.add(("reuse", "invalid-expression", strip(f["path"])))
            for i in ids(e["value"]):
                if i in missing:
                    out.add(("reuse", "missing-license-text", strip(f["path"]) + " " + i))
t = json.load(open(sys.argv[2]))
for repo in t["repositories"]:
    for o in repo["outcomes"]:
        rule = o["rule"].split("/", 1)[1]
        if o["outcome"] == "error":
            out.add(("tenet", "error", "-"))
            print("tenet\tmessage\t" + o.get("error", {}).get("message", "")[:120])
        for v in o.get("violations", []):
            path, msg = v.get("path", ""), v.get("message", "")
            # texts are reported by id, as reuse does; the id is in the message
            pattern = {
                "missing-license-text": r"uses `([^`]*)`, whose",
                "unused-license-text": r"no file uses \(`([^`]*)`\)",
                "bad-license-text": r"is named `([^`]*)`, which",
                "deprecated-license-text": r"deprecated SPDX id `([^`]*)`",
            }.get(rule)
            found = re.search(pattern, msg) if pattern else None
            if rule == "missing-license-text":
                out.add(("tenet", rule, path + " " + (found.group(1) if found else "?")))
            elif rule == "license-text-without-extension":
                out.add(("tenet", rule, path.rsplit("/", 1)[-1]))
            elif found:
                out.add(("tenet", rule, found.group(1)))
            else:
                out.add(("tenet", rule, path))
for who, what, where in sorted(out):
    print(f"{who}\t{what}\t{where}")
PY
  grep -v '^[a-z]*	message	' "$work/pairs" > "$work/problems" || true
  if [ -n "${VERBOSE:-}" ]; then grep '	message	' "$work/pairs" | sort -u | sed 's/^/   /' || true; fi
  cut -f2- "$work/problems" | sort | uniq -u > "$work/only" || true
  echo "== $name: reuse $(grep -c '^reuse' "$work/problems" || true) problem(s), tenet $(grep -c '^tenet' "$work/problems" || true)"
  if [ -n "${VERBOSE:-}" ]; then grep '^reuse' "$work/problems" | cut -f2- | sed 's/^/   both: /' || true; fi
  if [ -s "$work/only" ]; then
    if [ -n "${known[$name]:-}" ]; then echo "   known difference: ${known[$name]}"; else differ=1; fi
    while IFS= read -r line; do
      who=$(grep -F -x -e "reuse	$line" -e "tenet	$line" "$work/problems" | cut -f1 | head -1)
      echo "   only $who: $line"
    done < "$work/only"
  fi
done
exit $differ
