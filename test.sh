#!/usr/bin/env bash
# Builds the solution and runs every test project (unit, data-layer against dynalite, render and,
# when present, the browser journeys in e2e/). Installs what is missing first: node_modules
# (dynalite, via npm ci), Chromium (Debian's package) for the browser tests and Debian's redis-server
# for the tests of several instances sharing sessions.
# Ends with one line "N passed, N failed"; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

RESULTS_DIR=".local/test-results"
PASSED=0
FAILED=0
summary() { echo "${PASSED} passed, ${FAILED} failed"; }
trap summary EXIT
fail_setup() { echo "test.sh: $1" >&2; FAILED=$((FAILED + 1)); exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci (dynalite, oidc-provider)"
  npm ci --no-audit --no-fund || fail_setup "npm ci failed"
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium for the browser tests"
  $SUDO apt-get update || fail_setup "apt-get update failed"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || fail_setup "installing chromium failed"
fi

if [ ! -x /usr/bin/redis-server ]; then
  echo "== installing redis-server for the tests of several instances (each test starts its own on a free port)"
  $SUDO apt-get update || fail_setup "apt-get update failed"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server || fail_setup "installing redis-server failed"
fi

echo "== dotnet build"
dotnet build EventExplorer.sln -nologo -v minimal || fail_setup "the build failed"

# Every project that references the test SDK (unit and browser tests). EventExplorer.Testing and
# benchmarks/ use Playwright too but hold no tests.
mapfile -t PROJECTS < <(grep -l --include='*.csproj' -r 'Microsoft.NET.Test.Sdk' . \
  --exclude-dir=benchmarks --exclude-dir=node_modules --exclude-dir=bin --exclude-dir=obj --exclude-dir=.local | sort)
[ "${#PROJECTS[@]}" -gt 0 ] || fail_setup "no test projects found"

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
for project in "${PROJECTS[@]}"; do
  name="$(basename "$project" .csproj)"
  echo "== dotnet test $name"
  build_flag=()
  # Projects in the solution were just built; others (e2e) build here.
  if grep -q "$(basename "$project")" EventExplorer.sln; then build_flag=(--no-build); fi
  dotnet test "$project" "${build_flag[@]}" -nologo \
    --logger "trx;LogFileName=${name}.trx" --logger "console;verbosity=normal" \
    --results-directory "$RESULTS_DIR/$name"
  trx="$RESULTS_DIR/$name/${name}.trx"
  if [ ! -f "$trx" ]; then
    echo "test.sh: $name produced no results (it did not build or its test host crashed)" >&2
    FAILED=$((FAILED + 1))
    continue
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  passed="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  failed="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  errored="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  timeout="$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")"
  aborted="$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")"
  PASSED=$((PASSED + ${passed:-0}))
  FAILED=$((FAILED + ${failed:-0} + ${errored:-0} + ${timeout:-0} + ${aborted:-0}))
  if [ "${passed:-0}" -eq 0 ] && [ "${failed:-0}" -eq 0 ]; then
    echo "test.sh: $name ran no tests" >&2
    FAILED=$((FAILED + 1))
  fi
done

[ "$FAILED" -eq 0 ]
