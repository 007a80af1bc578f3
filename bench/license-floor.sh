#!/usr/bin/env bash
# License facts against their floor (issue 10), in the same run on this machine: a
# generated repository of FILES files (bench/corpus.rs) with an edited MIT `LICENSE` and
# VENDORED vendored license texts under third_party/ (bench/license_floor.rs --vendor), then
#   - `tenet check --policy std/licenses` (every license fact: license files anywhere,
#     project license, manifests, dependencies, source headers) with one job;
#   - the floor: list the files, read each license file whole and the first 4 KiB of every
#     other file once, match each distinct license text once (bench/license_floor.rs);
#   - and the ratio, which issue 10 wants at most 1.2.
# Both pay the one-time load of the matcher's data when a text needs it.
# Usage: bench/license-floor.sh [FILES=5000] [VENDORED=40] [RUNS=11]
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-5000}
vendored=${2:-40}
runs=${3:-11}
cargo build --release --quiet --bin tenet --example corpus --example license_floor
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/corpus "$dir/repo" "$files"
target/release/examples/license_floor --vendor "$dir/repo" "$vendored"

source bench/lib.sh  # after the cd to the repository root

target/release/examples/license_floor "$dir/repo"
floor=$(time_ms target/release/examples/license_floor "$dir/repo")
tenet=$(time_ms target/release/tenet check --jobs 1 --policy std/licenses "$dir/repo")
echo "$files files, $vendored vendored license texts, median of $runs runs"
echo "floor (list, read license files and 4 KiB of the rest, match each text once): ${floor} ms"
echo "tenet check --jobs 1 --policy std/licenses:                                   ${tenet} ms"
awk -v a="$tenet" -v b="$floor" 'BEGIN { printf "ratio: %.2fx the floor\n", a / b }'
