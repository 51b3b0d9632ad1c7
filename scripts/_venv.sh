# Shared by scripts/run and scripts/test: one ./.venv, (re)installed only when pyproject.toml or
# constraints.txt (the exact versions installed) changes.
ensure_venv() {
  local extras="$1" python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Python 3.11 or newer is needed (found: $("$python" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
    exit 1
  fi
  local stamp=".venv/.installed${extras}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
    local what="the app"
    [ -n "$extras" ] && what="the app and its test tools"
    echo "Setting up ./.venv with ${what} (first run, or pyproject.toml or constraints.txt changed; usually under a minute)..." >&2
    [ -x .venv/bin/python ] || "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".${extras}"
    touch "$stamp"
    echo "Ready." >&2
  fi
}
