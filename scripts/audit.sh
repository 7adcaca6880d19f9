#!/usr/bin/env bash
# Audit the installed dependencies for known vulnerabilities (pip-audit, PyPI advisory DB).
# Offline-tolerant: when pip-audit is missing or the advisory service cannot be reached,
# print why and exit 0, so CI without network still passes; a vulnerability exits 1.
# Usage: scripts/audit.sh [python]   (default: the python on PATH; CI passes .venv/bin/python)
set -uo pipefail
python="${1:-python3}"
if ! "$python" -c "import pip_audit" 2>/dev/null; then
    echo "audit: skipped (pip-audit is not installed; pip install pip-audit)"
    exit 0
fi
if ! "$python" - <<'PY' 2>/dev/null; then
import urllib.request
urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=8).close()
PY
    echo "audit: skipped (the PyPI advisory service is unreachable: offline?)"
    exit 0
fi
out=$("$python" -m pip_audit --skip-editable --progress-spinner off --desc off 2>&1)
status=$?
echo "$out"
if [ $status -ne 0 ] && grep -qiE "connection|timed out|name resolution|max retries|network" <<<"$out"; then
    echo "audit: skipped (the advisory service failed mid-run)"
    exit 0
fi
if [ $status -eq 0 ] && ! grep -q "Dependency not found" <<<"$out"; then
    exit 0
fi
checked=$("$python" -m pip list --format=freeze --exclude-editable 2>/dev/null | wc -l)
missing=$(grep -c "Dependency not found" <<<"$out")
if [ $status -eq 0 ] && [ "$missing" -ge "$checked" ]; then
    echo "audit: inconclusive (the advisory service knew none of the $checked packages: a mirror?)"
fi
exit $status
