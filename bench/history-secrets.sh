#!/usr/bin/env bash
# The opt-in history secret scan (issue #11): `tenet check` of std/security with and without
# `secret_scan_history` on each repository given (default: the 100,000-commit repository that
# bench/history.sh generates, built here the same way, and a clone of this repository), against
# `git log -p | grep -E PATTERN` (the same token pattern) on the same repository in the same
# run. Usage: bench/history-secrets.sh [RUNS] [REPO…]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
cargo build --release --quiet --bin tenet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
repos=("$@")
if [ ${#repos[@]} -eq 0 ]; then
  git -c init.defaultBranch=main init -q "$dir/generated"
  awk -v n=100000 'BEGIN {
    for (i = 1; i <= n; i++) {
      msg = "Change " i "\n"; t = 1700000000 + i * 60
      printf "commit refs/heads/main\nmark :%d\nauthor Dev <dev@example.org> %d +0000\ncommitter Dev <dev@example.org> %d +0000\n", i, t, t
      printf "data %d\n%s\n", length(msg), msg
      if (i > 1) printf "from :%d\n", i - 1
      if (i % 1000 == 1) printf "M 644 inline f%d.txt\ndata 2\nx\n", i
      printf "\n"
    }
  }' | git -C "$dir/generated" fast-import --quiet
  git -C "$dir/generated" repack -adq
  git clone -q --no-local . "$dir/self"
  repos=("$dir/generated" "$dir/self")
fi
printf 'tenet 1\nimport "std/security" with { secret_scan_history: true }\n' > "$dir/on.tenet"
printf 'tenet 1\nimport "std/security"\n' > "$dir/off.tenet"
# The pack's `secret_token` let, as an extended regex
pattern=$(sed -n 's/^let secret_token = \/\(.*\)\/$/\1/p' rules/std/security/security.tenet)

source bench/lib.sh  # after the cd to the repository root

for repo in "${repos[@]}"; do
  off=$(time_ms target/release/tenet check --policy "$dir/off.tenet" "$repo")
  on=$(time_ms target/release/tenet check --policy "$dir/on.tenet" "$repo")
  grep_ms=$(time_ms sh -c 'git -C "$1" log -p | grep -E -c -- "$2"' _ "$repo" "$pattern")
  commits=$(git -C "$repo" rev-list --count HEAD)
  echo "$repo: $commits commits"
  echo "  tenet check std/security:                         ${off} ms (median of $runs)"
  echo "  tenet check std/security, secret_scan_history on: ${on} ms"
  echo "  git log -p | grep -E secret_token:                ${grep_ms} ms"
done
