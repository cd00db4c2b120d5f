#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain how to get one (exit 1).
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=()
for name in python3.13 python3.12; do
  p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done
if command -v pyenv >/dev/null 2>&1; then
  p=$(PYENV_VERSION=3.12 pyenv which python3 2>/dev/null) && candidates+=("$p")
fi
root=${PYENV_ROOT:-$HOME/.pyenv}
for p in "$root"/versions/3.1[2-9]*/bin/python3 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3; do
  [ -x "$p" ] && candidates+=("$p")
done
p=$(command -v python3 2>/dev/null) && candidates+=("$p")
for p in "${candidates[@]}"; do
  if ok "$p"; then echo "$p"; exit 0; fi
done
echo "negsim needs Python 3.12 or newer, and none was found." >&2
echo "Install one (e.g. 'pyenv install 3.12' or your system's python3.12 package) and run make again." >&2
exit 1
