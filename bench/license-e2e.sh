#!/usr/bin/env bash
# What license detection costs end to end (issue 10), with the release binary on a
# generated repository, every figure measured in the same run:
#   - std/hygiene alone (no rule asks for license text) against std/recommended on a
#     repository without a license file: the license pack must cost next to nothing;
#   - std/recommended with a verbatim MIT `LICENSE` (recognised by its fingerprint, the
#     matcher's data is not loaded) and with an edited one (the data is loaded once).
# Usage: bench/license-e2e.sh [FILES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-500}
runs=${2:-20}
cargo build --release --quiet --bin tenet --example corpus
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/corpus "$dir/repo" "$files"

source bench/lib.sh  # after the cd to the repository root

mit='MIT License

Copyright (c) 2024 Example Corp

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.'

rm -f "$dir/repo/LICENSE"
hygiene=$(time_ms target/release/tenet check --policy std/hygiene "$dir/repo")
none=$(time_ms target/release/tenet check "$dir/repo")
printf '%s\n' "$mit" > "$dir/repo/LICENSE"
verbatim=$(time_ms target/release/tenet check "$dir/repo")
printf '%s\n\nThis notice was edited by the packager.\n' "$mit" > "$dir/repo/LICENSE"
edited=$(time_ms target/release/tenet check "$dir/repo")
echo "$files files, median of $runs runs"
echo "std/hygiene only (no license rule):            ${hygiene} ms"
echo "std/recommended, no license file:              ${none} ms"
echo "std/recommended, verbatim MIT (fingerprint):   ${verbatim} ms"
echo "std/recommended, edited MIT (matcher loaded):  ${edited} ms"
awk -v a="$none" -v b="$hygiene" -v v="$verbatim" -v e="$edited" 'BEGIN {
  printf "license pack without license text: %.2fx std/hygiene alone\n", a / b
  printf "verbatim license: %.2fx; loading the matcher data adds %.1f ms\n", v / b, e - v }'
