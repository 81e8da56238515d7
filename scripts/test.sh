#!/usr/bin/env bash
# Set up (see setup.sh --test) and run the whole test suite; extra arguments go to pytest.
# With --quick first: the quick tier, everything but the tests marked libreoffice or slow
# (pyproject.toml), set up without LibreOffice; each test file on one process, so that the
# fixtures its tests share are made once.
set -euo pipefail
cd "$(dirname "$0")/.."
tier=()
if [ "${1:-}" = "--quick" ]; then
  shift
  bash scripts/setup.sh --quick
  tier=(-m "not libreoffice and not slow" --dist loadfile)
else
  bash scripts/setup.sh --test
fi
# pytest keeps the test modules it rewrote for their asserts, even where
# PYTHONDONTWRITEBYTECODE is set: a second run does not rewrite them again.
exec env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -m pytest ${tier[@]+"${tier[@]}"} "$@"
