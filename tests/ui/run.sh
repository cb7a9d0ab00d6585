#!/usr/bin/env bash
# End-to-end test of the web UI in a real headless Chromium, from a clean clone:
# installs Debian's chromium if missing, the test's npm packages, builds kilde,
# ingests the demo archive into a temporary index, serves it on a free loopback port,
# runs tests/ui/e2e.mjs (Playwright driving /usr/bin/chromium) and stops the server.
# Screenshots of every page go to target/ui-screenshots/. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
SHOTS="$ROOT/target/ui-screenshots"

say() { printf '== ui: %s\n' "$*"; }

if [ ! -x "$CHROMIUM" ]; then
  say "installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
command -v node >/dev/null || { echo "node is missing: install Node.js 20 or newer" >&2; exit 1; }

say "npm ci (tests/ui)"
(cd tests/ui && npm ci --no-audit --no-fund --loglevel=error)

say "cargo build -p kilde"
cargo build --quiet --locked -p kilde
KILDE="$CARGO_TARGET_DIR/debug/kilde"

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

say "ingesting the demo archive"
"$KILDE" --index "$WORK/index" demo --json --demo-dir "$ROOT/demo" >"$WORK/demo.json"

say "starting kilde serve"
# Port 0: the system picks a free port; serve prints its URL as the first line on stdout.
"$KILDE" --index "$WORK/index" serve --addr 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
URL=""
for _ in $(seq 1 100); do
  URL=$(head -n 1 "$WORK/serve.out" 2>/dev/null || true)
  if [ -n "$URL" ] && node -e "fetch(process.argv[1] + '/api/stats').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$URL"; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "kilde serve exited:" >&2; cat "$WORK/serve.err" >&2; exit 1
  fi
  URL=""
  sleep 0.2
done
[ -n "$URL" ] || { echo "kilde serve did not answer in time" >&2; cat "$WORK/serve.err" >&2; exit 1; }
say "serving at $URL"

mkdir -p "$SHOTS"
rm -f "$SHOTS"/*.png
say "running tests/ui/e2e.mjs"
start=$(date +%s)
status=0
KILDE_URL="$URL" SCREENSHOT_DIR="$SHOTS" CHROMIUM="$CHROMIUM" node tests/ui/e2e.mjs || status=$?
say "browser test took $(( $(date +%s) - start )) s; screenshots in target/ui-screenshots/"
exit "$status"
