#!/usr/bin/env bash
# The hostile-repository catalog at full size (issue 9, item 15): builds every case of
# tests/hostile_cases/ (100,000 files in one directory, a 2 GB sparse file, 500-deep
# directories, bombs, corrupt .git, hostile policies…) and runs the release `tenet check`
# on each, reporting exit code, wall time and peak memory (GNU time), and whether tenet
# said what the case expects. Targets: every case within 2 s and 200 MB.
# Usage: bench/hostile-catalog.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin tenet --example hostile_catalog
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/hostile_catalog "$dir" > "$dir/cases.tsv"
printf '| case | exit | time (s) | peak memory (MB) | says what it must |\n|---|---|---|---|---|\n'
while IFS=$'\t' read -r name own exits says; do
  policy=(-p "$dir/catalog.tenet")
  [ "$own" = true ] && policy=()
  /usr/bin/time -f '%e %M' -o "$dir/time" target/release/tenet check --color never "${policy[@]}" \
    "$dir/$name" > "$dir/out" 2>&1 && code=0 || code=$?
  read -r secs kb < <(tail -n 1 "$dir/time")
  ok=no
  if grep -qF -- "$says" "$dir/out" && [[ ",$exits," == *",$code,"* ]]; then ok=yes; fi
  printf '| %s | %s | %s | %d | %s |\n' "$name" "$code" "$secs" $((kb / 1024)) "$ok"
done < "$dir/cases.tsv"
