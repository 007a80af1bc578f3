#!/usr/bin/env bash
# What `vendored()` costs, with the release binary on a generated repository, both figures
# measured in the same run: a policy whose one rule walks every file (`files()`, the
# baseline: listing the tree and binding each path) against one whose rule walks the
# vendored units (`vendored()`: a Go vendor tree listed in a modules.txt, `cargo vendor`
# crates and third_party directories). Reported as a ratio to the baseline.
# Usage: bench/vendored.sh [MODULES] [RUNS]   (MODULES Go modules of 8 files each; a tenth
# as many crates and third_party directories)
set -euo pipefail
cd "$(dirname "$0")/.."
modules=${1:-500}
runs=${2:-20}
cargo build --release --quiet --bin tenet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
repo="$dir/repo"

source bench/lib.sh  # after the cd to the repository root

python3 - "$repo" "$modules" <<'EOF'
import os, sys
repo, n = sys.argv[1], int(sys.argv[2])
def w(p, s):
    p = os.path.join(repo, p)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(s)
w("go.mod", "module example.com/demo\n\ngo 1.22\n")
lines = []
for i in range(n):
    m = f"github.com/org{i % 50}/mod{i}"
    lines += [f"# {m} v1.0.{i}", "## explicit; go 1.20", m, f"{m}/sub"]
    for j in range(3):
        w(f"vendor/{m}/f{j}.go", "package m\n")
        w(f"vendor/{m}/sub/g{j}.go", "package sub\n")
    if i % 10:
        w(f"vendor/{m}/LICENSE", "MIT License\n")
    w(f"vendor/{m}/README.md", "readme\n")
w("vendor/modules.txt", "\n".join(lines) + "\n")
for i in range(n // 10):
    c = f"rust/vendor/crate{i}"
    w(f"{c}/Cargo.toml", f'[package]\nname = "crate{i}"\nversion = "1.0.0"\nlicense = "MIT"\n')
    w(f"{c}/.cargo-checksum.json", "{}")
    for j in range(5):
        w(f"{c}/src/m{j}.rs", "//! m\n")
    t = f"third_party/lib{i}"
    for j in range(5):
        w(f"{t}/src/f{j}.c", "int x;\n")
    if i % 2:
        w(f"{t}/COPYING", "BSD\n")
EOF
files=$(find "$repo" -type f | wc -l)
cat > "$dir/files.tenet" <<'EOF'
tenet 1
rule bench/files {
  severity note
  for f in files()
  require f.path != ""
}
EOF
cat > "$dir/vendored.tenet" <<'EOF'
tenet 1
rule bench/vendored {
  severity note
  for v in vendored()
  require v.has_license
}
EOF
base=$(time_ms target/release/tenet check -p "$dir/files.tenet" "$repo")
vend=$(time_ms target/release/tenet check -p "$dir/vendored.tenet" "$repo")
units=$(target/release/tenet check --format json -p "$dir/vendored.tenet" "$repo" \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["repositories"][0]["outcomes"][0]["violations"]))')
echo "$files files, $modules Go modules, median of $runs runs; $units units without a license"
echo "files() over every file (baseline): ${base} ms"
echo "vendored():                         ${vend} ms"
awk -v b="$base" -v v="$vend" 'BEGIN { printf "vendored() / files(): %.2fx\n", v / b }'
