#!/usr/bin/env bash
# Installs everything govaudit needs on a fresh Debian machine (run as root): Debian's Chromium and
# ChromeDriver, Python 3.11 with venv, and the pinned Python packages in ./.venv. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null 2>&1 || need_apt+=(firefox-esr)
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
# the distributed mode (govaudit worker, scripts/services.sh): Redis broker and PostgreSQL run store
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
[ -x /usr/lib/postgresql/15/bin/initdb ] || command -v initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# WeasyPrint (the PDF forms) renders with Pango; Debian's Chromium usually brings it already
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
PY="${GOVAUDIT_PYTHON:-}"
if [ -z "$PY" ]; then
  for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys, venv; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
      PY="$(command -v "$cand")"; break
    fi
  done
fi
if [ -z "$PY" ]; then need_apt+=(python3.11 python3.11-venv python3-pip); fi
fonts_ok=$(fc-list 2>/dev/null | grep -ci dejavu || true)
[ "${fonts_ok:-0}" -gt 0 ] || need_apt+=(fonts-dejavu-core)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
PY="${PY:-$(command -v python3.11)}"

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.govaudit-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
echo "bootstrap: ready ($(.venv/bin/python --version), $(chromium --version 2>/dev/null | head -1))"
