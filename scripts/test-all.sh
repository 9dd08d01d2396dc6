#!/usr/bin/env bash
# Installs what the tests need and runs every check: lint, format, types, unit and end-to-end
# tests, the MCP conformance suite. Ends with one line "N passed, N failed" (checks and tests).
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
step() {
  local name="$1"
  shift
  echo "==> ${name}" >&2
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAILED: ${name}" >&2
    failed=$((failed + 1))
  fi
}

# System packages the tests use; installed only when missing (needs root and Debian's mirrors).
need=()
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
[ -x /usr/bin/python3 ] || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >&2
fi

if ! npm ci --no-audit --no-fund >&2; then
  echo "0 passed, 1 failed"
  exit 1
fi

step "eslint" npx eslint .
step "prettier" npx prettier --check .
step "typescript" npx tsc -p tsconfig.json --noEmit

report="$(mktemp -t vitest-XXXXXX.json)"
echo "==> vitest" >&2
npx vitest run --reporter=default --reporter=json --outputFile="${report}" >&2
read -r vp vf < <(node -e '
  const fs = require("node:fs");
  try {
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    // A suite that failed without a failed test (a failing hook or import) counts as one failure.
    const failedSuites = (r.testResults || []).filter((s) => s.status === "failed" && !(s.assertionResults || []).some((a) => a.status === "failed")).length;
    console.log(r.numPassedTests, r.numFailedTests + failedSuites);
  } catch { console.log(0, 1); }
' "${report}")
rm -f "${report}"
passed=$((passed + vp))
failed=$((failed + vf))

step "conformance" npm run --silent conformance

echo "${passed} passed, ${failed} failed"
[ "${failed}" -eq 0 ]
