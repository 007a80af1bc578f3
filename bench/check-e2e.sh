#!/usr/bin/env bash
# End-to-end timing of the release binary (SPEC §6): `tenet check` of a generated 500-file
# repository with the embedded std/recommended, against a baseline measured in the same run
# (every file listed and read by `cat`), reported as a ratio because this machine is shared.
# Usage: bench/check-e2e.sh [FILES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-500}
runs=${2:-30}
cargo build --release --quiet --bin tenet --example corpus
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/corpus "$dir/repo" "$files"

source bench/lib.sh  # after the cd to the repository root

check=$(time_ms target/release/tenet check "$dir/repo")
serial=$(time_ms target/release/tenet check --jobs 1 "$dir/repo")
baseline=$(time_ms sh -c "find '$dir/repo' -type f -not -path '*/.git/*' -exec cat {} + > /dev/null")
echo "tenet check, $files files, std/recommended: ${check} ms (median of $runs)"
echo "the same with --jobs 1:                     ${serial} ms"
echo "baseline, find + cat of every file:        ${baseline} ms"
awk -v a="$check" -v b="$baseline" 'BEGIN { printf "ratio: %.2fx the baseline\n", a / b }'
