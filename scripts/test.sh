#!/usr/bin/env bash
# Run every kazasu test against real parts (pcscd + vpcd, a mesh on loopback on SQLite and on a
# throw-away PostgreSQL, offscreen Qt).
# No test collected counts as a failure. Usage: scripts/test.sh [pytest args...]
#
# Tests never write tracked files (pictures go to build/shots/, see tests/shots.py): inside a git
# checkout the run fails when it changed, added or removed anything `git status` shows.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${KAZASU_VENV:-.venv}
export QT_QPA_PLATFORM=offscreen

# What git sees of the work tree: every changed or untracked (not ignored) path, then a digest of
# the tracked changes' content, so that a run that edits an already edited file is caught too.
tree_state() {
  git status --porcelain=v1 --untracked-files=all
  echo "content of the tracked changes: $(git diff HEAD --binary --no-ext-diff | sha256sum | cut -c1-16)"
}
guard=false
if command -v git >/dev/null 2>&1 && git rev-parse --verify -q HEAD >/dev/null 2>&1 \
    && before=$(tree_state 2>/dev/null); then
  guard=true
fi

set +e
bash scripts/with-postgres.sh bash scripts/with-pcscd.sh "$VENV/bin/python" -m pytest "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then echo "test: no tests were collected: that is a failure" >&2; rc=1; fi

if $guard; then
  after=$(tree_state)
  if [ "$before" != "$after" ]; then
    echo "test: the run changed the checkout; tests write to tmp_path or build/ (pictures:" \
         "tests/shots.py). What git shows before (<) and after (>) the run:" >&2
    diff <(echo "$before") <(echo "$after") | grep '^[<>]' | sed 's/^/  /' >&2 || true
    [ "$rc" = 0 ] && rc=1
  fi
fi
exit "$rc"
