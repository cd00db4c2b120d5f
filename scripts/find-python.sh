#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain how to get one (exit 1).
# With --check PYTHON: exit 0 if PYTHON is new enough, else say so (exit 1); make uses it on
# an existing .venv.
set -u
version() { "$1" -c 'import platform; print(platform.python_version())' 2>/dev/null; }
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
how="Install one (e.g. 'pyenv install 3.12' or your system's python3.12 package) and run make again."

if [ "${1:-}" = "--check" ]; then
  ok "$2" && exit 0
  echo "negsim needs Python 3.12 or newer (found $(version "$2") in ${3:-$2})." >&2
  echo "Remove it ('make clean') and run make again; make then looks for a newer Python." >&2
  exit 1
fi

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
for name in python3 python3.11 python; do
  p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done
older=""
for p in "${candidates[@]}"; do
  if ok "$p"; then echo "$p"; exit 0; fi
  [ -z "$older" ] && v=$(version "$p") && [ -n "$v" ] && older="$v at $p"
done
if [ -n "$older" ]; then
  echo "negsim needs Python 3.12 or newer (found $older)." >&2
else
  echo "negsim needs Python 3.12 or newer, and no Python was found." >&2
fi
echo "$how" >&2
exit 1
