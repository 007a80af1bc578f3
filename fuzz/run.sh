#!/usr/bin/env bash
# The long fuzz run of one target (docs/fuzzing.md). Usage:
#   fuzz/run.sh [TARGET] [SECONDS]     TARGET: policy (default), fmt, eval, documents
# Needs the nightly toolchain and cargo-fuzz (`cargo install --locked cargo-fuzz`).
# The working corpus and any crash go under fuzz/work/TARGET/ (not committed); seeds come
# from the committed fuzz/corpus/TARGET/ and the repository's own .tenet and document files.
# One job in fork mode: a crash, timeout or out-of-memory is saved and the run goes on.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-policy}"
seconds="${2:-3600}"
work="work/$target"
mkdir -p "$work/corpus" "$work/artifacts" "corpus/$target"

if [ "$target" = documents ]; then
    pattern='\.(json|ya?ml|toml)$'
else
    pattern='\.tenet$'
fi
git -C .. ls-files | grep -E "$pattern" | while read -r f; do
    cp "../$f" "$work/corpus/seed-$(printf '%s' "$f" | tr '/' '_')"
done

dict=()
[ "$target" = documents ] || dict=(-dict=tenet.dict)

cargo +nightly fuzz run -O -a -s none "$target" "$work/corpus" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=8192 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 "${dict[@]}" \
    2>&1 | tee "$work/log"
