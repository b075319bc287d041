#!/usr/bin/env bash
# Runs EventExplorer locally against a persistent dynalite (local DynamoDB) with demo data.
#   bash run.sh            -> http://127.0.0.1:5080
# Environment: EVENTEXPLORER_URL (default http://127.0.0.1:5080), DYNALITE_PORT (default 8765),
# DYNALITE_DATA (default .local/dynalite, git-ignored; delete it to start again from fresh demo data).
# Any EventExplorer__* variable you set is passed on (e.g. EventExplorer__Layout=TimestampCommitIds).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

APP_URL="${EVENTEXPLORER_URL:-http://127.0.0.1:5080}"
DB_PORT="${DYNALITE_PORT:-8765}"
DB_URL="http://127.0.0.1:${DB_PORT}"
DATA_DIR="${DYNALITE_DATA:-.local/dynalite}"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dynalite (npm ci)..."
  npm ci --no-audit --no-fund
fi

# True when a DynamoDB-compatible server answers on the port (dynalite answers an unsigned request
# with a DynamoDB error document, which is all we need to know).
answers() {
  node -e '
    fetch(process.argv[1], { method: "POST", body: "{}", headers: {
      "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables" } })
      .then(r => r.text()).then(t => process.exit(t.includes("__type") || t.includes("TableNames") ? 0 : 1), () => process.exit(1));
  ' "$DB_URL" 2>/dev/null
}

DYNALITE_PID=""
stop_dynalite() {
  if [ -n "$DYNALITE_PID" ] && kill -0 "$DYNALITE_PID" 2>/dev/null; then
    echo "Stopping dynalite (pid $DYNALITE_PID)."
    kill "$DYNALITE_PID" 2>/dev/null || true
    wait "$DYNALITE_PID" 2>/dev/null || true
  fi
}
trap stop_dynalite EXIT
trap 'exit 130' INT TERM

if answers; then
  echo "Reusing the dynalite already running at $DB_URL."
else
  if (exec 3<>"/dev/tcp/127.0.0.1/${DB_PORT}") 2>/dev/null; then
    echo "Port ${DB_PORT} is taken by something that is not dynalite; set DYNALITE_PORT to a free port." >&2
    exit 1
  fi
  mkdir -p "$DATA_DIR"
  # In its own session so that Ctrl+C reaches only the app; the EXIT trap stops dynalite after it.
  setsid node node_modules/dynalite/cli.js --host 127.0.0.1 --port "$DB_PORT" --path "$DATA_DIR" \
    --createTableMs 0 --deleteTableMs 0 --updateTableMs 0 >"$DATA_DIR.log" 2>&1 &
  DYNALITE_PID=$!
  for _ in $(seq 1 100); do
    answers && break
    kill -0 "$DYNALITE_PID" 2>/dev/null || { echo "dynalite failed to start:" >&2; cat "$DATA_DIR.log" >&2; exit 1; }
    sleep 0.2
  done
  answers || { echo "dynalite did not answer on $DB_URL" >&2; exit 1; }
  echo "Started dynalite at $DB_URL (data in $DATA_DIR, pid $DYNALITE_PID)."
fi

# The build is the slow part (a minute or two the first time, seconds after): say so, and show its progress.
echo "Building EventExplorer (dotnet build; the first build restores packages and takes a minute or two)..."
build_started=$SECONDS
dotnet build EventExplorer.Web -nologo -v minimal || { echo "The build failed; see the errors above." >&2; exit 1; }
echo "Built in $((SECONDS - build_started)) s."

echo "Starting EventExplorer at $APP_URL (the first run creates the tables and seeds the demo data, dated the 3 days before today)..."
ASPNETCORE_ENVIRONMENT=Development \
ASPNETCORE_URLS="$APP_URL" \
EventExplorer__ServiceUrl="$DB_URL" \
EventExplorer__CreateTables=true \
EventExplorer__SeedDemoData=true \
EventExplorer__Projections__Folder="${EventExplorer__Projections__Folder:-$PWD/reducers}" \
EventExplorer__ReadCapacityPerSecond="${EventExplorer__ReadCapacityPerSecond:-0}" \
  dotnet run --project EventExplorer.Web --no-launch-profile --no-build
