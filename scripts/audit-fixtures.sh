#!/usr/bin/env bash
# Quick start 1: install everything, then run a full audit of the built-in fixture sites.
# The reports land in ${1:-runs/fixtures} (report/index.html, findings.json, scores.json, run.sqlite), then the
# modules beyond the order (service journeys, availability and TLS) run on their own fixtures into the same run
# and its report links them (fixtures/beyond.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
out="${1:-runs/fixtures}"
if [ -f "$out/run.sqlite" ]; then
  .venv/bin/govaudit run --fixtures --resume "$out"
else
  .venv/bin/govaudit run --fixtures --out "$out"
fi
exec .venv/bin/python -m fixtures.beyond "$out"
