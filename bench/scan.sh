#!/usr/bin/env bash
# `tenet scan` against its floor (SPEC §6), all in one run on this machine, so ratios hold
# even when the machine is shared. Generates N repositories with bench/corpus.rs (M files
# each, a mix of languages and license texts, every 7th without its hygiene files, each a
# git work tree whose files arrive over K commits), then reports:
#   - scan time with std/hygiene and with std/recommended, and the floor (bench/floor.rs:
#     list with `ignore` and read every file, one process, same cores), with ratios;
#   - 1 vs 2 jobs (the fastest of 3 runs each); peak memory (max RSS) for N/10 vs N repositories;
#   - pre-commit: `check --staged` with 10 staged files in a 5,000-file repository (the
#     fastest of 10 runs), against `git status` there; and with a LICENSE that is no
#     verbatim text, the first run (which loads the license matcher) and the next ones
#     (which read its answer from the cache).
# Each command runs once, timed by /usr/bin/time: wall time, and CPU time (user + system),
# which a shared machine disturbs less than wall time.
#   - whether the reports of --jobs 1 and 2 are byte-identical.
# Usage: bench/scan.sh [N=1000] [M=20] [K=5]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
m=${2:-20}
k=${3:-5}
cargo build --release --quiet --bin tenet --example corpus --example floor
tenet=target/release/tenet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
# One clock for every run, so reports of different runs can be compared byte for byte
export SOURCE_DATE_EPOCH=1795651200
# No license answers kept between runs (each run pays what a first run pays), except where
# the pre-commit figures below say so
export TENET_NO_CACHE=1
# `commit DIR K`: make DIR a git work tree whose files arrive over K commits (the last
# takes whatever is left), each signed off, so history rules have a history to walk
commit() {
  git -C "$1" init -q
  local files i=1
  files=$(cd "$1" && find . -type f -not -path './.git/*' | sort)
  local per=$(( ($(printf '%s\n' "$files" | wc -l) + $2 - 1) / $2 ))
  while [ "$i" -le "$2" ]; do
    printf '%s\n' "$files" | sed -n "$(( (i - 1) * per + 1 )),$(( i * per ))p" \
      | (cd "$1" && xargs -r git add --)
    git -C "$1" -c user.name=b -c user.email=b@b commit -q --allow-empty -s -m "corpus $i of $2"
    i=$((i + 1))
  done
}
for i in $(seq "$n"); do
  r="$dir/corpus/org$((i % 10))/repo-$i"
  target/release/examples/corpus "$r" "$m" "$i" >/dev/null
  if [ $((i % 7)) -eq 0 ]; then rm -f "$r"/README* "$r"/CONTRIBUTING* "$r"/SECURITY*; fi
  commit "$r" "$k"
done
repos=$(find "$dir/corpus" -mindepth 2 -maxdepth 2 -type d | sort)
printf '%s\n' $repos > "$dir/list.txt"
# From the file, not a pipe: under pipefail, `printf | head` dies of SIGPIPE (exit 141)
head -n $((n / 10)) "$dir/list.txt" > "$dir/list-small.txt"

# `measure NAME CMD…`: run CMD once; record wall seconds, CPU seconds (user + system) and
# peak RSS (KiB) in $dir/NAME.t. Exit 0 or 1 (findings) is a run; anything else aborts, so
# a failing command can never pass for a fast one.
measure() {
  local name=$1; shift
  local rc=0
  /usr/bin/time -o "$dir/$name.t" -f '%e %U %S %M' "$@" >/dev/null 2>"$dir/$name.err" || rc=$?
  if [ "$rc" -gt 1 ]; then echo "$name failed (exit $rc):" >&2; tail -5 "$dir/$name.err" >&2; exit 1; fi
}
# `fastest NAME N CMD…`: measure CMD N times and keep the fastest run (for commands of a few
# tens of milliseconds, where one run shows the machine's noise more than the command)
fastest() {
  local name=$1 runs=$2 i; shift 2
  for i in $(seq "$runs"); do measure "$name.$i" "$@"; tail -n1 "$dir/$name.$i.t"; done \
    | sort -n | head -n1 > "$dir/$name.t"
}
# The last line: before it, time(1) notes "Command exited with non-zero status 1"
wall() { tail -n1 "$dir/$1.t" | awk '{print $1}'; }
cpu() { tail -n1 "$dir/$1.t" | awk '{printf "%.2f", $2 + $3}'; }
rss() { tail -n1 "$dir/$1.t" | awk '{print $4}'; }
ratio() { echo "scale=2; $1 / $2" | bc; }

measure floor target/release/examples/floor $repos
measure hyg $tenet scan "$dir/corpus" --policy std/hygiene --format json -o "$dir/h.json"
measure rec $tenet scan "$dir/corpus" --format json -o "$dir/r.json"
fastest hyg1 3 $tenet scan "$dir/corpus" --policy std/hygiene --jobs 1 --format json -o "$dir/h1.json"
fastest hyg2 3 $tenet scan "$dir/corpus" --policy std/hygiene --jobs 2 --format json -o "$dir/h2.json"
measure small $tenet scan --repos-from "$dir/list-small.txt" --format json -o "$dir/s.json"
measure all $tenet scan --repos-from "$dir/list.txt" --format json -o "$dir/a.json"

big="$dir/big"; target/release/examples/corpus "$big" 5000 1 >/dev/null; commit "$big" 1
# Ten source files, where a `//` line is a comment: appended to the first ten files of any
# kind, it broke a workflow's YAML (exit 2) and made LICENSE non-verbatim
for f in $(git -C "$big" ls-files '*.rs' '*.js' '*.go' '*.ts' '*.java' '*.c' | head -n 10); do
  echo "// changed" >> "$big/$f"; git -C "$big" add "$f"
done
(cd "$big" && fastest pre 10 "$OLDPWD/$tenet" check --staged)
(cd "$big" && fastest pre_only 10 "$OLDPWD/$tenet" check --staged --only-files)
# A LICENSE with a line of its own is no verbatim text: the matcher's data is loaded on
# the first commit, its answer kept in the cache for the next ones
echo "This notice was added by the packager." >> "$big/LICENSE" && git -C "$big" add LICENSE
(cd "$big" && measure pre_cold "$OLDPWD/$tenet" check --staged --cache-dir "$dir/cache")
(cd "$big" && fastest pre_warm 10 "$OLDPWD/$tenet" check --staged --cache-dir "$dir/cache")
(cd "$big" && fastest git_status 10 git status --porcelain)
measure full_big $tenet check "$big"

echo "corpus: $n repositories of $m files and $k commits, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "                                   wall s   cpu s   (wall, cpu ratio to the floor)"
printf 'floor (ignore walk + read all):    %6s  %6s\n' "$(wall floor)" "$(cpu floor)"
printf 'scan, std/hygiene:                 %6s  %6s   (%sx, %sx)\n' "$(wall hyg)" "$(cpu hyg)" "$(ratio "$(wall hyg)" "$(wall floor)")" "$(ratio "$(cpu hyg)" "$(cpu floor)")"
printf 'scan, std/recommended:             %6s  %6s   (%sx, %sx)\n' "$(wall rec)" "$(cpu rec)" "$(ratio "$(wall rec)" "$(wall floor)")" "$(ratio "$(cpu rec)" "$(cpu floor)")"
printf 'std/hygiene --jobs 1 / --jobs 2:   %6s / %s s wall (speed-up %sx)\n' "$(wall hyg1)" "$(wall hyg2)" "$(ratio "$(wall hyg1)" "$(wall hyg2)")"
printf 'peak RSS, %s vs %s repositories:   %s KiB vs %s KiB\n' "$((n / 10))" "$n" "$(rss small)" "$(rss all)"
printf 'check --staged, 10 of 5,000 files: %6s s (--only-files: %s s; full check: %s s)\n' "$(wall pre)" "$(wall pre_only)" "$(wall full_big)"
printf '  LICENSE not verbatim, cache cold / warm:  %s / %s s (git status: %s s)\n' "$(wall pre_cold)" "$(wall pre_warm)" "$(wall git_status)"
if cmp -s "$dir/h1.json" "$dir/h2.json"; then echo "reports for --jobs 1 and 2 are byte-identical"; else echo "reports for --jobs 1 and 2 DIFFER"; fi
