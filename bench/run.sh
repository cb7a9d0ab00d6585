#!/usr/bin/env bash
# bench/run.sh [SIZES] — kilde beside its peers, same corpus, same queries, same session.
#
#   bench/run.sh 10,100          # corpus sizes in MB (default 10,100,1000)
#
# For each size: the peers (../shared/peers/run_peers.sh: lucene-da, tantivy-default,
# tantivy-da, fts5-rd0, fts5-rd2), then kilde, then the raw-Rust tantivy baseline
# (bench/tantivy-baseline), each ingest as one process under /usr/bin/time -v with the page
# cache dropped first, index size by `du -sb`, query latency by an in-process timer.
# Writes bench/results/<size>MB/{peers,kilde,tantivy-rs}.json (small, commit-worthy) and
# bench/results/summary.md (bench/summarize.py). Indexes and raw logs stay under $WORK.
#
# Env: PEERS_DIR (default ../shared/peers next to the repo), WORK (default /tmp/kilde-bench),
#      CORPUS_DIR (/tmp/peers/corpus), VENV (/tmp/peers/venv), CARGO_TARGET_DIR
#      (/tmp/kilde-bench-target), THREADS (2: peers' indexing threads, kilde --jobs, baseline),
#      SKIP_PEERS=1 (reuse results/<size>MB/peers.json), ONLY="kilde tantivy-rs" (subset of ours),
#      REPEAT=N (default 1): run our engines N times, taking turns (kilde, kilde-extract,
#      kilde, …, so drift in the machine hits each alike), and report each engine's run
#      with the median ingest time, with all N times in `ingest_s_runs`.
set -euo pipefail
SIZES=${1:-10,100,1000}
REPO=$(cd "$(dirname "$0")/.." && pwd)
PEERS_DIR=$(readlink -f "${PEERS_DIR:-$REPO/../shared/peers}")
WORK=${WORK:-/tmp/kilde-bench}
CORPUS_DIR=${CORPUS_DIR:-/tmp/peers/corpus}
export VENV=${VENV:-/tmp/peers/venv}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/kilde-bench-target}
export THREADS=${THREADS:-2}
ONLY=${ONLY:-"kilde kilde-extract tantivy-rs"}
REPEAT=${REPEAT:-1}
WARMUP=${WARMUP_PASSES:-3} PASSES=${TIMED_PASSES:-5}
QUERIES=${QUERIES:-$PEERS_DIR/queries.txt}
RESULTS=$REPO/bench/results
log() { echo "bench: $*" >&2; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || log "(could not drop page cache)"; }

# (a) peers' venv
if [ ! -x "$VENV/bin/python" ] && [ -z "${SKIP_PEERS:-}" ]; then
  # the pyenv shim `python3.12` exists but fails unless 3.12 is selected; find the real binary
  if [ -z "${PY312:-}" ] && ! python3.12 -c '' 2>/dev/null; then
    PY312=$(ls -d "$(pyenv root 2>/dev/null)"/versions/3.12*/bin/python 2>/dev/null | tail -1 || true)
    export PY312
  fi
  log "setting up peers in $VENV"; bash "$PEERS_DIR/setup.sh"
fi

# (b) corpora (deterministic; 10 MB ⊂ 100 MB ⊂ 1 GB)
need=""
for s in ${SIZES//,/ }; do [ -s "$CORPUS_DIR/news-da-${s}MB.jsonl" ] || need=1; done
if [ -n "$need" ]; then
  log "making corpora $SIZES in $CORPUS_DIR"
  python3 "$PEERS_DIR/make_corpus.py" "$CORPUS_DIR" --sizes "$SIZES"
fi

# (c) builds: kilde release, raw-tantivy baseline (standalone package, own [workspace]).
# kilde is built from a snapshot of a commit (`git archive`, default HEAD) so the numbers
# belong to a commit even while the working tree changes; KILDE_REV=worktree builds the tree.
KILDE_REV=${KILDE_REV:-HEAD}
if [ "$KILDE_REV" = worktree ]; then
  SRC=$REPO; REV="$(git -C "$REPO" rev-parse --short HEAD)+worktree"
else
  SRC=$WORK/src; REV=$(git -C "$REPO" rev-parse --short "$KILDE_REV")
  rm -rf "$SRC"; mkdir -p "$SRC"; git -C "$REPO" archive "$KILDE_REV" | tar -x -C "$SRC"
fi
log "building kilde $REV and tantivy-baseline (target $CARGO_TARGET_DIR)"
(cd "$SRC" && cargo build --release --locked -p kilde)
(cd "$REPO/bench/tantivy-baseline" && cargo build --release)
KILDE=$CARGO_TARGET_DIR/release/kilde
BASE=$CARGO_TARGET_DIR/release/tantivy-baseline

# machine + versions, once
mkdir -p "$RESULTS"
python3 - "$RESULTS/machine.json" "$REV" <<'PY'
import json, os, re, subprocess, sys
cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read()).group(1)
mem = int(re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read()).group(1)) // 1024
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
json.dump({"nproc": os.cpu_count(), "cpu": cpu, "ram_mb": mem, "kernel": os.uname().release,
           "rustc": rustc, "kilde_git": sys.argv[2]}, open(sys.argv[1], "w"), indent=1)
PY

# one of our engines: ingest (timed) + size + queries (timed) -> $out/<name>.{ingest.time,...}
run_ours() {
  local name=$1 corpus=$2 out=$3 idx=$WORK/$4/idx/$1
  rm -rf "$idx"; mkdir -p "$(dirname "$idx")"
  drop_caches
  cut -d' ' -f1-3 /proc/loadavg > "$out/$name.loadavg"   # other work on the machine, if any
  log "$name: ingest $(basename "$corpus")"
  case $name in
    # kilde: the archive core (Danish analysis and decompounding; issue 2's floor);
    # kilde-extract: the same plus entities, quotes and dates (issue 3's ≤ 3× floor).
    kilde) /usr/bin/time -v -o "$out/$name.ingest.time" "$KILDE" --index "$idx" --no-progress \
             ingest "$corpus" --json --jobs "$THREADS" --no-extract > "$out/$name.ingest.json" 2> "$out/$name.ingest.log" ;;
    kilde-extract) /usr/bin/time -v -o "$out/$name.ingest.time" "$KILDE" --index "$idx" --no-progress \
             ingest "$corpus" --json --jobs "$THREADS" > "$out/$name.ingest.json" 2> "$out/$name.ingest.log" ;;
    tantivy-rs) /usr/bin/time -v -o "$out/$name.ingest.time" "$BASE" ingest "$corpus" "$idx" \
             --heap-mb "${TANTIVY_HEAP_MB:-256}" --threads "$THREADS" > "$out/$name.ingest.json" 2> "$out/$name.ingest.log" ;;
  esac
  du -sb "$idx" | awk '{print $1}' > "$out/$name.size"
  log "$name: queries"
  case $name in
    kilde|kilde-extract) /usr/bin/time -v -o "$out/$name.query.time" "$KILDE" --index "$idx" bench-queries "$QUERIES" \
             --warmup "$WARMUP" --passes "$PASSES" > "$out/$name.query.json" 2> "$out/$name.query.log" ;;
    tantivy-rs) /usr/bin/time -v -o "$out/$name.query.time" "$BASE" query "$idx" "$QUERIES" \
             --warmup "$WARMUP" --passes "$PASSES" > "$out/$name.query.json" 2> "$out/$name.query.log" ;;
  esac
}

for s in ${SIZES//,/ }; do
  corpus=$CORPUS_DIR/news-da-${s}MB.jsonl
  raw=$WORK/${s}MB; mkdir -p "$raw" "$RESULTS/${s}MB"
  # (d) peers, all of them, through their own script
  if [ -z "${SKIP_PEERS:-}" ]; then
    log "peers on $(basename "$corpus")"
    "$PEERS_DIR/run_peers.sh" "$corpus" "$raw/peers" > /dev/null
    cp "$raw/peers/results.json" "$RESULTS/${s}MB/peers.json"
    # measured (sizes included): their indexes would only crowd the disk for ours, which
    # at 1 GB need ~4 GB more (the fourth session's run filled it)
    rm -rf "$raw/peers/idx"
  fi
  # then kilde and the raw-tantivy baseline, the same way, REPEAT times in turn
  for rep in $(seq 1 "$REPEAT"); do
    for name in $ONLY; do
      out=$raw/run$rep; mkdir -p "$out"
      run_ours "$name" "$corpus" "$out" "${s}MB"
      # (e) one small JSON per engine and run, shaped like one row of the peers' results.json
      KILDE_GIT=$REV python3 "$REPO/bench/summarize.py" row "$name" "$corpus" "$out" > "$out/$name.row.json"
    done
  done
  for name in $ONLY; do
    python3 "$REPO/bench/summarize.py" median "$raw"/run*/"$name.row.json" > "$RESULTS/${s}MB/$name.json"
  done
done
python3 "$REPO/bench/summarize.py" table "$RESULTS" > "$RESULTS/summary.md"
cat "$RESULTS/summary.md"
