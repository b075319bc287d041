#!/usr/bin/env bash
# bash test.sh          everything, as CI runs it: builds the solution and runs every test project (unit,
#                       data-layer against dynalite, render and, when present, the browser journeys in e2e/).
# bash test.sh --fast   the edit-test loop: unit, render (bUnit) and data tests only, no browser journeys;
#                       builds only what they need.
# bash test.sh [--fast] --list   prints the test projects it would run, and nothing else.
# Installs what is missing first: node_modules (dynalite, via npm ci), Debian's redis-server for the tests of
# several instances sharing sessions and, for the full run, Chromium (Debian's package) for the browser tests.
# Ends with one line "N passed, N failed"; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

FAST=0
LIST=0
for arg in "$@"; do
  case "$arg" in
    --fast) FAST=1 ;;
    --list) LIST=1 ;;
    *) echo "test.sh: unknown argument '$arg' (use --fast for unit, bUnit and data tests only)" >&2; exit 2 ;;
  esac
done

# Every project that references the test SDK (unit and browser tests). EventExplorer.Testing and
# benchmarks/ use Playwright too but hold no tests. The fast run leaves out the browser journeys (e2e/).
mapfile -t PROJECTS < <(grep -l --include='*.csproj' -r 'Microsoft.NET.Test.Sdk' . \
  --exclude-dir=benchmarks --exclude-dir=node_modules --exclude-dir=bin --exclude-dir=obj --exclude-dir=.local | sort)
if [ "$FAST" -eq 1 ]; then
  mapfile -t PROJECTS < <(printf '%s\n' "${PROJECTS[@]}" | grep -v '^\./e2e/')
fi
if [ "$LIST" -eq 1 ]; then
  printf '%s\n' "${PROJECTS[@]}"
  exit 0
fi

RESULTS_DIR=".local/test-results"
PASSED=0
FAILED=0
summary() { echo "${PASSED} passed, ${FAILED} failed"; }
trap summary EXIT
fail_setup() { echo "test.sh: $1" >&2; FAILED=$((FAILED + 1)); exit 1; }
[ "${#PROJECTS[@]}" -gt 0 ] || fail_setup "no test projects found"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci (dynalite, oidc-provider)"
  npm ci --no-audit --no-fund || fail_setup "npm ci failed"
fi

if [ "$FAST" -eq 0 ] && [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium for the browser tests"
  $SUDO apt-get update || fail_setup "apt-get update failed"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || fail_setup "installing chromium failed"
fi

if [ ! -x /usr/bin/redis-server ]; then
  echo "== installing redis-server for the tests of several instances (each test starts its own on a free port)"
  $SUDO apt-get update || fail_setup "apt-get update failed"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server || fail_setup "installing redis-server failed"
fi

if [ "$FAST" -eq 1 ]; then
  # Only the projects it runs (and what they reference): the benchmarks and e2e are not built.
  for project in "${PROJECTS[@]}"; do
    echo "== dotnet build $(basename "$project" .csproj)"
    dotnet build "$project" -nologo -v minimal || fail_setup "the build failed"
  done
else
  echo "== dotnet build"
  dotnet build EventExplorer.sln -nologo -v minimal || fail_setup "the build failed"
fi

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
for project in "${PROJECTS[@]}"; do
  name="$(basename "$project" .csproj)"
  echo "== dotnet test $name"
  build_flag=()
  # Every project run was just built (the solution, or in the fast run the project itself); one outside
  # the solution builds here.
  if [ "$FAST" -eq 1 ] || grep -q "$(basename "$project")" EventExplorer.sln; then build_flag=(--no-build); fi
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
