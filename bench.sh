#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md with one command and rewrites that report.
#   ./bench.sh            full run (about 25 minutes on 2 cores), writes docs/benchmarks.md
#   ./bench.sh --quick    smaller sizes, a smoke run; writes artifacts/benchmarks-quick.md
#   ./bench.sh --items 1,2,3   only some measurements: 1+2 page reads, 3 npm library, 4 appends,
#                              5 web app, 6 find anything, 7 Lighthouse, 8 first paint vs a static copy,
#                              9 state and snapshots, 10 shared live tail (1/10/100 tabs),
#                              11 read-capacity budget (RCU per second at 100 RCU/s), 12 integrity check
#                              vs a raw parallel Scan, 13 server CPU per page turn by page kind
#   ./bench.sh --items 11 --out artifacts/bench11.md   one item on its own, its report beside docs/benchmarks.md
# Not part of the test command: it takes minutes and its figures depend on the machine.
set -euo pipefail
cd "$(dirname "$0")"

echo "== installing dynalite and the npm dynamodb-event-store 2.2.0 (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
(cd benchmarks/npm-event-store && npm ci --no-audit --no-fund --loglevel=error)
echo "== installing Lighthouse 12.2.3 (item 7; npm ci in benchmarks/lighthouse)"
(cd benchmarks/lighthouse && npm ci --no-audit --no-fund --loglevel=error)

if [[ ! -x /usr/bin/chromium ]]; then
  echo "== installing Chromium (Debian package) for the web app measurements"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

if [[ ! -x artifacts/tools/dotnet-gcdump ]]; then
  echo "== installing dotnet-gcdump (the web app's live heap per circuit, item 5)"
  # Optional: without it item 5 still reports the working set and says the live heap was not measured.
  dotnet tool install --tool-path artifacts/tools dotnet-gcdump --version 10.0.750501 >/dev/null \
    || echo "   dotnet-gcdump could not be installed; item 5 will not report the live heap"
fi

echo "== building (Release)"
dotnet build benchmarks/EventExplorer.Benchmarks/EventExplorer.Benchmarks.csproj -c Release -nologo -v quiet

echo "== running"
BENCH_COMMAND="./bench.sh${*:+ $*}" dotnet benchmarks/EventExplorer.Benchmarks/bin/Release/net10.0/EventExplorer.Benchmarks.dll "$@"
