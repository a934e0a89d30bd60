#!/usr/bin/env bash
# Creates (or reuses) a Python virtual environment with exactly the versions pinned in a requirements
# file: confluent_client_test's (Confluent's stock Python client, the default) and
# python_consumer_test's (grpcio).
#
#   setup_venv.sh VENV_DIR [REQUIREMENTS [MODULE]]
#
# MODULE is imported to prove the install works (default: Confluent's Avro serde extras).
#
# Idempotent: when every pinned package is already installed at its pinned version, it only says so
# (well under a second). Otherwise it creates the venv (recreating a broken one) and runs pip. Any
# failure exits non-zero: the ctest fixture that runs this then fails, and so does the test that
# needs it. Nothing is skipped silently.
#
# Interpreter: $CAUSEWAY_PYTHON, else Debian's /usr/bin/python3 (tools/setup installs python3-venv),
# else the first python3 on PATH.
set -euo pipefail

venv=${1:?usage: setup_venv.sh VENV_DIR [REQUIREMENTS]}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
requirements=${2:-$here/requirements.txt}
module=${3:-confluent_kafka.schema_registry.avro}
[ -f "$requirements" ] || { echo "setup_venv: no $requirements" >&2; exit 1; }

python=${CAUSEWAY_PYTHON:-}
if [ -z "$python" ]; then
  if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; else python=$(command -v python3 || true); fi
fi
[ -n "$python" ] || { echo "setup_venv: no python3 found (run tools/setup)" >&2; exit 1; }

# One setup at a time per venv (a developer's direct run and ctest's fixture may race).
mkdir -p "$(dirname "$venv")"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$venv.lock"
  flock 9
fi

# Exit 0 when every `name==version` line of the requirements is installed at that version.
pins_installed() {
  [ -x "$venv/bin/python" ] || return 1
  "$venv/bin/python" - "$requirements" "$module" <<'PY'
import sys
from importlib import metadata
wrong = []
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, want = line.partition("==")
    try:
        have = metadata.version(name.strip())
    except metadata.PackageNotFoundError:
        have = None
    if have != want.strip():
        wrong.append(f"{name.strip()}: want {want.strip()}, have {have}")
if wrong:
    print("setup_venv: " + "; ".join(wrong), file=sys.stderr)
    sys.exit(1)
import importlib
importlib.import_module(sys.argv[2])  # the packages really import
PY
}

if pins_installed 2>/dev/null; then
  echo "setup_venv: $venv up to date ($(basename "$requirements"))"
  exit 0
fi

start=$(date +%s)
if ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  echo "setup_venv: creating $venv with $python ($("$python" --version 2>&1))"
  "$python" -m venv --clear "$venv"
fi
echo "setup_venv: installing $(basename "$requirements") into $venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
  --require-virtualenv -r "$requirements"
if ! pins_installed; then
  echo "setup_venv: $venv does not match $requirements after pip install" >&2
  exit 1
fi
echo "setup_venv: ready in $(( $(date +%s) - start ))s"
