#!/usr/bin/env bash
# Quick start 1: install everything, then run a full audit of the built-in fixture sites.
# The reports land in ${1:-runs/fixtures} (report/index.html, findings.json, scores.json, run.sqlite).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
out="${1:-runs/fixtures}"
if [ -f "$out/run.sqlite" ]; then
  exec .venv/bin/govaudit run --fixtures --resume "$out"
fi
exec .venv/bin/govaudit run --fixtures --out "$out"
