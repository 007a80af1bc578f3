#!/usr/bin/env bash
# History speed (issue #11): every history rule of std/contribution together, on a generated
# repository of N commits (default 100,000), against `git log --format='%H %ae %(trailers)'`
# on the same repository in the same run, reported as a ratio because this machine is
# shared. The stream is generated here (fixed identities and dates), so the run is
# reproducible offline: one author in 50 forgets the sign-off, one commit in 20 has a
# co-developer, one in 10 a Reviewed-by, one in 100 comes from a bot.
# Usage: bench/history.sh [COMMITS] [RUNS=5]
# With BEFORE=path/to/an/older/tenet, that binary is timed in the same run too, so a change
# is measured against the same git log baseline (e.g. a release build of main, copied aside).
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-100000}
runs=${2:-5}
cargo build --release --quiet --bin tenet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git -c init.defaultBranch=main init -q "$dir/repo"
awk -v n="$commits" 'BEGIN {
  for (i = 1; i <= n; i++) {
    who = "Dev " (i % 37); mail = "dev" (i % 37) "@example.org"
    if (i % 100 == 0) { who = "dependabot[bot]"; mail = "49699333+dependabot[bot]@users.noreply.github.com" }
    msg = "Change " i "\n\nThis change does thing number " i ".\n\n"
    if (i % 20 == 0) msg = msg "Co-developed-by: Pair " (i % 7) " <pair" (i % 7) "@example.org>\nSigned-off-by: Pair " (i % 7) " <pair" (i % 7) "@example.org>\n"
    if (i % 10 == 0) msg = msg "Reviewed-by: Rev " (i % 5) " <rev" (i % 5) "@example.org>\n"
    if (i % 50 != 0 && i % 100 != 0) msg = msg "Signed-off-by: " who " <" mail ">\n"
    t = 1700000000 + i * 60
    printf "commit refs/heads/main\nmark :%d\nauthor %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n", i, who, mail, t, who, mail, t
    printf "data %d\n%s\n", length(msg), msg
    if (i > 1) printf "from :%d\n", i - 1
    if (i % 1000 == 1) printf "M 644 inline f%d.txt\ndata 2\nx\n", i
    printf "\n"
  }
}' | git -C "$dir/repo" fast-import --quiet
git -C "$dir/repo" gc -q --aggressive 2>/dev/null || git -C "$dir/repo" repack -adq
mkdir "$dir/policy"
printf '{"signers": [%s]}\n' "$(seq 0 36 | sed 's/.*/"dev&@example.org"/' | paste -sd,)" > "$dir/policy/cla.json"
cat > "$dir/policy/p.tenet" <<'TENET'
tenet 1
import "std/contribution" with {
  dco: true, co_developed_by: true, cla: true, min_reviewed: 0.05, identity: true,
  employee_domains: ["example.org"], release_approval: true,
  internal_patterns: [/jira\.corp\.example/],
}
TENET

source bench/lib.sh  # after the cd to the repository root

# tenet and git log alternate, and each pair gives a ratio: the median ratio is steadier
# than the ratio of two medians measured one after the other on a machine whose load drifts
: > "$dir/t"; : > "$dir/g"; : > "$dir/r"
for _ in $(seq "$runs"); do
  t=$(once_us target/release/tenet check --policy "$dir/policy/p.tenet" "$dir/repo")
  g=$(once_us git -C "$dir/repo" log --format='%H %ae %(trailers)')
  echo "$((t / 1000))" >> "$dir/t"; echo "$((g / 1000))" >> "$dir/g"
  awk -v a="$t" -v b="$g" 'BEGIN { printf "%.4f\n", a / b }' >> "$dir/r"
done
tenet_ms=$(median < "$dir/t")
git_ms=$(median < "$dir/g")
target/release/tenet check --policy "$dir/policy/p.tenet" --format json "$dir/repo" \
  | tr -d ' \n' | grep -o '"rule":"[^"]*","severity":"[^"]*","outcome":"[^"]*"' || true
echo "tenet check, std/contribution history rules, $commits commits: ${tenet_ms} ms (median of $runs)"
echo "git log --format='%H %ae %(trailers)':                         ${git_ms} ms"
echo "ratio: $(median < "$dir/r")x git log (median of the $runs paired runs' ratios)"
if [ -n "${BEFORE:-}" ]; then
  before_ms=$(time_ms "$BEFORE" check --policy "$dir/policy/p.tenet" "$dir/repo")
  echo "BEFORE ($BEFORE):                      ${before_ms} ms"
  awk -v a="$before_ms" -v b="$git_ms" 'BEGIN { printf "ratio before: %.2fx git log\n", a / b }'
fi
