#!/usr/bin/env bash
# `tenet scan` against its floor (SPEC §6), all in one run on this machine, so ratios hold
# even when the machine is shared. Generates N repositories with bench/corpus.rs (M files
# each, a mix of languages and license texts, every 7th without its hygiene files, each a
# git work tree with one commit), then reports:
#   - scan time with std/hygiene and with std/recommended, and the floor (bench/floor.rs:
#     list with `ignore` and read every file, one process, same cores), with ratios;
#   - 1 vs 2 jobs; peak memory (max RSS) for N/10 vs N repositories;
#   - pre-commit: `check --staged` with 10 staged files in a 5,000-file repository.
# Usage: bench/scan.sh [N=1000] [M=20]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
m=${2:-20}
cargo build --release --quiet --bin tenet --example corpus --example floor
tenet=target/release/tenet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
commit() { git -C "$1" init -q && git -C "$1" add -A && git -C "$1" -c user.name=b -c user.email=b@b commit -qm corpus; }
for i in $(seq "$n"); do
  r="$dir/corpus/org$((i % 10))/repo-$i"
  target/release/examples/corpus "$r" "$m" "$i" >/dev/null
  if [ $((i % 7)) -eq 0 ]; then rm -f "$r"/README* "$r"/CONTRIBUTING* "$r"/SECURITY*; fi
  commit "$r"
done
repos=$(find "$dir/corpus" -mindepth 2 -maxdepth 2 -type d | sort)
printf '%s\n' $repos > "$dir/list.txt"
printf '%s\n' $repos | head -n $((n / 10)) > "$dir/list-small.txt"

secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo "scale=3; ($t1 - $t0) / 1000000000" | bc; }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

floor=$(secs target/release/examples/floor $repos)
hyg=$(secs $tenet scan "$dir/corpus" --policy std/hygiene --format json -o "$dir/h.json")
rec=$(secs $tenet scan "$dir/corpus" --format json -o "$dir/r.json")
hyg1=$(secs $tenet scan "$dir/corpus" --policy std/hygiene --jobs 1 --format json -o "$dir/h1.json")
hyg2=$(secs $tenet scan "$dir/corpus" --policy std/hygiene --jobs 2 --format json -o "$dir/h2.json")
mem_small=$(rss $tenet scan --repos-from "$dir/list-small.txt" --format json -o "$dir/s.json")
mem_all=$(rss $tenet scan --repos-from "$dir/list.txt" --format json -o "$dir/a.json")

big="$dir/big"; target/release/examples/corpus "$big" 5000 1 >/dev/null; commit "$big"
for f in $(git -C "$big" ls-files | head -n 10); do echo "// changed" >> "$big/$f"; git -C "$big" add "$f"; done
pre=$(cd "$big" && secs $tenet check --staged)
pre_only=$(cd "$big" && secs $tenet check --staged --only-files)

echo "corpus: $n repositories of $m files, $(nproc) cores"
echo "floor (ignore listing + read every file):     ${floor} s"
echo "tenet scan, std/hygiene:                     ${hyg} s   ($(echo "scale=2; $hyg / $floor" | bc)x the floor)"
echo "tenet scan, std/recommended:                 ${rec} s   ($(echo "scale=2; $rec / $floor" | bc)x the floor)"
echo "std/hygiene --jobs 1 / --jobs 2:             ${hyg1} s / ${hyg2} s   (speed-up $(echo "scale=2; $hyg1 / $hyg2" | bc)x)"
echo "peak RSS, $((n / 10)) vs $n repositories:            ${mem_small} KiB vs ${mem_all} KiB"
echo "check --staged, 10 of 5,000 files:           ${pre} s (--only-files: ${pre_only} s)"
cmp -s "$dir/h1.json" "$dir/h2.json" && echo "reports for --jobs 1 and 2 are byte-identical"
