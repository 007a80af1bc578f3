#!/usr/bin/env bash
# Correctness on real data (issue #11): the trailers tenet reads from every commit of a
# repository against git's own trailer parser, and prints the number of commits and of
# trailers, and every difference.
#
# git's reading of every commit comes from one `git log --format='%(trailers:only,unfold)'`:
# the same parser (trailer.c) and options as `git interpret-trailers --parse --no-divider`
# (`--parse` is `--only-trailers --only-input --unfold`; the divider is off because git reads
# commit messages that way). Running interpret-trailers once per commit costs three
# processes a commit (about 25 minutes for git.git here), so it runs on every SAMPLE-th
# commit (default 20; 1 = all) to show that both of git's readings agree there.
# Usage: bench/trailers-compare.sh REPO [SAMPLE]   (REPO: a work tree or a bare repository)
set -euo pipefail
repo=$(cd "$1" && pwd)
sample=${2:-20}
cd "$(dirname "$0")/.."
cargo build --release --quiet --example trailers
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
target/release/examples/trailers "$repo" | sort > "$out/tenet"
git -C "$repo" log --format='%x01%H%n%(trailers:only,unfold)' HEAD \
  | awk '/^\x01/ { id = substr($0, 2); next } NF { print id "\t" $0 }' | sort > "$out/git"
git -C "$repo" rev-list HEAD > "$out/ids"
# interpret-trailers on the message alone (the headers end at the first blank line of
# `cat-file commit`), for the sampled commits.
awk -v n="$sample" 'NR % n == 0' "$out/ids" > "$out/sampled"
while read -r id; do
  git -C "$repo" cat-file commit "$id" | sed '1,/^$/d' \
    | git -C "$repo" interpret-trailers --parse --no-divider \
    | sed "s/^/$id\t/"
done < "$out/sampled" | sort > "$out/interpret"
grep -F -f "$out/sampled" "$out/git" | sort > "$out/git-sampled" || true
echo "commits:                       $(wc -l < "$out/ids")"
echo "trailers (git log, all):       $(wc -l < "$out/git")"
echo "trailers (tenet, all):         $(wc -l < "$out/tenet")"
echo "sampled commits (1 in $sample):    $(wc -l < "$out/sampled")"
status=0
if diff "$out/interpret" "$out/git-sampled" > "$out/diff-git"; then
  echo "git interpret-trailers --parse and git log agree on every sampled commit"
else
  echo "git's two readings differ ($(grep -c '^[<>]' "$out/diff-git") lines; < interpret-trailers, > git log):"
  head -40 "$out/diff-git"
  status=1
fi
if diff "$out/git" "$out/tenet" > "$out/diff"; then
  echo "tenet and git agree on every commit"
else
  echo "differences ($(grep -c '^[<>]' "$out/diff") lines; < git, > tenet):"
  head -100 "$out/diff"
  status=1
fi
exit $status
