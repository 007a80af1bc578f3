#!/bin/sh
# Show tenet working inside a real pre-commit, offline apart from installing pre-commit
# itself from PyPI into a throwaway virtual environment (`cargo test` stays offline).
# The hook is the `tenet-system` hook of this repository's .pre-commit-hooks.yaml, run
# against a built tenet (TENET=path, default target/debug/tenet).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tenet=${TENET:-$top/target/debug/tenet}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
export PATH="$work/venv/bin:$(dirname "$tenet"):$PATH" PRE_COMMIT_HOME="$work/cache"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git() { command git -c user.name=demo -c user.email=demo@example.com "$@"; }

# The hooks repository: a copy of tenet's hook definitions, as pre-commit clones them.
mkdir "$work/hooks" && cp "$top/.pre-commit-hooks.yaml" "$work/hooks/"
(cd "$work/hooks" && git init -q && git add . && git commit -qm hooks)

# A project with a policy, using the hook.
mkdir "$work/project" && cd "$work/project" && git init -q
mkdir .tenet && cat > .tenet/policy.tenet <<'POLICY'
tenet 1

rule code/no-todo {
  for f in files("**/*.py")
  for m in f.find(/TODO/)
  forbid true
  message "`{f.path}` has a TODO"
}
POLICY
cat > .pre-commit-config.yaml <<CONFIG
repos:
  - repo: $work/hooks
    rev: $(cd "$work/hooks" && git rev-parse HEAD)
    hooks:
      - id: tenet-system
CONFIG
echo 'print("ok")' > good.py
git add . && pre-commit install >/dev/null
git commit -qm "clean commit" && echo "PASS: a clean commit went through the tenet hook"
echo '# TODO: later' > bad.py
git add bad.py
if git commit -qm "a TODO" > "$work/out.txt" 2>&1; then
  cat "$work/out.txt"; echo "FAIL: the commit with a TODO was accepted"; exit 1
fi
grep -q "bad.py" "$work/out.txt" && echo "PASS: the commit with a TODO in bad.py was refused:" && sed 's/^/    /' "$work/out.txt"
