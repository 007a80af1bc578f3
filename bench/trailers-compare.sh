#!/usr/bin/env bash
# Correctness on real data (issue #11): the trailers tenet reads from every commit of a
# repository against `git interpret-trailers --parse --no-divider` (the divider is off
# because git itself reads commit messages that way: `%(trailers)` in `git log`). Prints the
# number of commits and of trailers, and every difference.
# Usage: bench/trailers-compare.sh REPO   (a work tree or a bare repository)
set -euo pipefail
repo=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
cargo build --release --quiet --example trailers
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
target/release/examples/trailers "$repo" | sort > "$out/tenet"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git -C "$repo" rev-list HEAD > "$out/ids"
# One interpret-trailers per commit, on the message alone (the headers end at the first
# blank line of `cat-file commit`).
while read -r id; do
  git -C "$repo" cat-file commit "$id" | sed '1,/^$/d' \
    | git -C "$repo" interpret-trailers --parse --no-divider \
    | sed "s/^/$id\t/"
done < "$out/ids" | sort > "$out/git"
echo "commits:           $(wc -l < "$out/ids")"
echo "trailers (git):    $(wc -l < "$out/git")"
echo "trailers (tenet):  $(wc -l < "$out/tenet")"
if diff "$out/git" "$out/tenet" > "$out/diff"; then
  echo "identical"
else
  echo "differences ($(grep -c '^[<>]' "$out/diff") lines; < git, > tenet):"
  head -100 "$out/diff"
  exit 1
fi
