#!/usr/bin/env bash
# Set up fourgood in .venv (created when missing). With --test: also the test tools and
# LibreOffice (the spreadsheet engine the tests recalculate templates with); with --quick:
# the test tools only, all the quick tier needs.
# Needs only Python 3.11+; installs Debian packages with apt-get when run as root or with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

apt_updated=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq || return 1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    echo "Cài python3-venv / installing python3-venv" >&2
    apt_install python3-venv || { echo "Cần gói python3-venv / python3-venv is needed" >&2; exit 1; }
    "$PYTHON" -m venv .venv
  fi
fi

extras=""
case "${1:-}" in --test | --quick) extras="[test]" ;; esac
if [ "${1:-}" = "--test" ]; then
  # Each tool is checked on its own: a machine may already have LibreOffice but not pdftoppm.
  missing=""
  command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 \
    || missing="libreoffice-calc-nogui fonts-dejavu-core fonts-liberation"
  command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
  # LibreOffice's Python bridge: the tests recalculate many fills in one running LibreOffice.
  soffice_python="$(dirname "$(readlink -f "$(command -v soffice || echo /usr/bin/soffice)")")/python"
  { [ -x "$soffice_python" ] && "$soffice_python" -c 'import uno' 2>/dev/null; } \
    || { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import uno' 2>/dev/null; } \
    || missing="$missing python3-uno"
  if [ -n "$missing" ]; then
    echo "Cài / installing:$missing" >&2
    # shellcheck disable=SC2086
    apt_install $missing || echo "Không cài được / could not install:$missing" >&2
  fi
fi
# Installed again only when pyproject.toml changed (the sources are installed editable): pip
# takes seconds even when it has nothing to do.
installed=.venv/.fourgood-installed
want="$(cksum < pyproject.toml)${extras}"
had="$(cat "$installed" 2>/dev/null || true)"
if [ "$had" != "$want" ] && [ "$had" != "$want[test]" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
  echo "$want" > "$installed"
fi
# Compiled once here: where PYTHONDONTWRITEBYTECODE is set, every run of fourgood (and each of
# its worker processes) would otherwise compile the package again, a tenth of a second each.
.venv/bin/python -m compileall -q src macros_py >/dev/null
