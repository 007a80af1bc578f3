#!/bin/sh
# Build a dashboard from two dated scans of a small generated folder of repositories and
# check it in Debian's headless Chromium through playwright-core (no browser download).
# Needs: git, node/npm, `apt-get install chromium`, and a built tenet (TENET=path).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tenet=${TENET:-$here/../../target/debug/tenet}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund playwright-core@1 >/dev/null
cp "$here/check.mjs" .
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
mk() { mkdir -p "repos/$1" && cd "repos/$1" && git init -q && shift && for f in "$@"; do echo x > "$f"; done &&
  git add -A && git -c user.name=t -c user.email=t@t commit -qm init --allow-empty && cd "$work"; }
mk alpha README.md LICENSE
mk beta README.md
mk gamma
"$tenet" scan repos --now 2026-11-01 --format json -o old.json || [ $? -eq 1 ]
echo "# gamma" > repos/gamma/README.md
"$tenet" scan repos --now 2026-12-01 --format json -o new.json || [ $? -eq 1 ]
"$tenet" report old.json new.json --format html -o dashboard.html
node check.mjs "$work/dashboard.html" new.json
if [ -n "${OUT:-}" ]; then cp dashboard.html dashboard.png "$OUT/"; fi
