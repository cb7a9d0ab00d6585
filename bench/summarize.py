#!/usr/bin/env python3
"""bench/summarize.py — results of bench/run.sh as JSON rows and a markdown table.

  summarize.py row NAME CORPUS RAWDIR   one engine's row (same keys as a row of the peers'
                                        results.json) from RAWDIR/NAME.{ingest.time,ingest.json,
                                        size,query.time,query.json}, printed as JSON
  summarize.py median ROW.json...       of one engine's rows from repeated runs, the one with the
                                        median ingest time (the lower middle for an even count),
                                        with every run's ingest time in `ingest_s_runs`
  summarize.py table RESULTS            markdown for every RESULTS/<size>MB/: absolute numbers,
                                        ratios kilde ÷ peer, per-kind p50 ratios, the issue's floors
"""
import json, os, re, sys

PEER_ORDER = ["tantivy-rs", "tantivy-default", "tantivy-da", "lucene-da", "fts5-rd0", "fts5-rd2"]
RSS_FLOOR_MB = 1024.0  # "peak memory stays under 1 GB" (MiB, as /usr/bin/time reports KiB)


def gnu_time(path):
    t = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024.0
    cpu = float(re.search(r"User time \(seconds\): (\S+)", t).group(1)) + \
        float(re.search(r"System time \(seconds\): (\S+)", t).group(1))
    return secs, rss, cpu


def row(name, corpus, raw):
    size = os.path.getsize(corpus)
    wall, rss, cpu = gnu_time(os.path.join(raw, f"{name}.ingest.time"))
    ing = json.load(open(os.path.join(raw, f"{name}.ingest.json")))
    docs = ing.get("docs", ing.get("added", 0) + ing.get("replaced", 0) + ing.get("unchanged", 0))
    q = json.load(open(os.path.join(raw, f"{name}.query.json")))
    _, qrss, _ = gnu_time(os.path.join(raw, f"{name}.query.time"))
    r = {"peer": name, "corpus_bytes": size, "docs": docs, "ingest_s": round(wall, 2),
         "ingest_cpu_s": round(cpu, 2), "mb_per_s": round(size / 1e6 / wall, 2),
         "docs_per_s": round(docs / wall, 1),
         "index_bytes": int(open(os.path.join(raw, f"{name}.size")).read()),
         "ingest_peak_rss_mb": round(rss, 1), "query_peak_rss_mb": round(qrss, 1),
         "p50_ms": round(q["p50_ms"], 4), "p95_ms": round(q["p95_ms"], 4), "mean_ms": round(q["mean_ms"], 4),
         "p50_ms_by_kind": {k: round(v, 4) for k, v in q["p50_ms_by_kind"].items()},
         "queries_with_hits": q["queries_with_hits"], "query_errors": q["errors"],
         "threads": int(os.environ.get("THREADS", "2")), "query_timing": "in-process (Rust), no binding"}
    la = os.path.join(raw, f"{name}.loadavg")
    if os.path.exists(la):
        r["loadavg_before_ingest"] = open(la).read().strip()
    if name in ("kilde", "kilde-extract"):
        r["kilde_git"] = os.environ.get("KILDE_GIT", "")
        r["ingest_summary"] = {k: v for k, v in ing.items() if not isinstance(v, (list, dict))}
    return r


def median(paths):
    rows = sorted((json.load(open(p)) for p in paths), key=lambda r: r["ingest_s"])
    chosen = dict(rows[(len(rows) - 1) // 2])
    chosen["ingest_s_runs"] = [r["ingest_s"] for r in rows]
    return chosen


def load_size(d):
    rows = {}
    pj = os.path.join(d, "peers.json")
    versions = {}
    if os.path.exists(pj):
        p = json.load(open(pj))
        versions = p.get("versions", {})
        for r in p["results"]:
            rows[r["peer"]] = r
    for name in ("kilde", "kilde-extract", "tantivy-rs"):
        f = os.path.join(d, f"{name}.json")
        if os.path.exists(f):
            rows[name] = json.load(open(f))
    return rows, versions


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "–"


def pf(ok):
    return "**PASS**" if ok else "**FAIL**"


def table(results):
    out = []
    m = os.path.join(results, "machine.json")
    if os.path.exists(m):
        mj = json.load(open(m))
        out += [f"Machine: {mj['nproc']} CPUs ({mj['cpu']}), {mj['ram_mb'] / 1024:.1f} GiB RAM, "
                f"Linux {mj['kernel']}, {mj['rustc']}, kilde {mj.get('kilde_git', '?')}.", ""]
    sizes = sorted((d for d in os.listdir(results) if re.fullmatch(r"\d+MB", d)), key=lambda s: int(s[:-2]))
    floors = []
    for s in sizes:
        rows, versions = load_size(os.path.join(results, s))
        if "kilde" not in rows:
            continue
        k = rows["kilde"]
        names = ["kilde"] + [p for p in ["kilde-extract"] + PEER_ORDER if p in rows]
        out += [f"### {s} corpus ({k['corpus_bytes'] / 1e6:.0f} MB, {k['docs']} articles)", ""]
        if versions:
            out += ["Peer versions: " + ", ".join(f"{a} {b}" for a, b in versions.items()) + ".", ""]
        out += ["Absolute numbers:", "",
                "| engine | thr | ingest s | CPU s | MB/s | docs/s | index MB | idx/corpus | ingest RSS MB | query RSS MB | p50 ms | p95 ms | q w/ hits | errors |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for n in names:
            r = rows[n]
            out.append(f"| {n} | {r.get('threads', '')} | {r['ingest_s']} | {r.get('ingest_cpu_s', '–')} | {r['mb_per_s']} | "
                       f"{r['docs_per_s']:.0f} | {r['index_bytes'] / 1e6:.1f} | {r['index_bytes'] / r['corpus_bytes']:.2f} | "
                       f"{r['ingest_peak_rss_mb']:.0f} | {r['query_peak_rss_mb']:.0f} | {r['p50_ms']} | {r['p95_ms']} | "
                       f"{r['queries_with_hits']} | {r.get('query_errors', 0)} |")
        out += ["", "Ratios kilde ÷ peer (throughput: > 1 means kilde is faster; time, size, memory, latency: "
                "< 1 means kilde is smaller/faster):", "",
                "| kilde ÷ | MB/s | docs/s | ingest wall | index size | ingest peak RSS | query p50 | query p95 |",
                "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for n in names[1:]:
            r = rows[n]
            out.append(f"| {n} | {ratio(k['mb_per_s'], r['mb_per_s'])} | {ratio(k['docs_per_s'], r['docs_per_s'])} | "
                       f"{ratio(k['ingest_s'], r['ingest_s'])} | {ratio(k['index_bytes'], r['index_bytes'])} | "
                       f"{ratio(k['ingest_peak_rss_mb'], r['ingest_peak_rss_mb'])} | {ratio(k['p50_ms'], r['p50_ms'])} | "
                       f"{ratio(k['p95_ms'], r['p95_ms'])} |")
        kinds = list(k["p50_ms_by_kind"])
        out += ["", "Query p50 by kind, kilde ÷ peer (kilde's own p50 in ms in the first row):", "",
                "| | " + " | ".join(kinds) + " |", "|---|" + "---:|" * len(kinds),
                "| kilde ms | " + " | ".join(f"{k['p50_ms_by_kind'][q]:.4f}" for q in kinds) + " |"]
        for n in names[1:]:
            pk = rows[n].get("p50_ms_by_kind", {})
            out.append(f"| ÷ {n} | " + " | ".join(ratio(k["p50_ms_by_kind"][q], pk.get(q)) for q in kinds) + " |")
        out.append("")
        # floors
        for base in ("tantivy-rs", "tantivy-default"):
            if base in rows:
                x = k["ingest_s"] / rows[base]["ingest_s"]
                floors.append((s, f"ingest wall ≤ 2× {base}", f"{k['ingest_s']} s vs {rows[base]['ingest_s']} s = {x:.2f}×", x <= 2.0))
        if "kilde-extract" in rows:
            e = rows["kilde-extract"]
            x = e["ingest_s"] / k["ingest_s"]
            floors.append((s, "ingest with extraction ≤ 3× without", f"{e['ingest_s']} s vs {k['ingest_s']} s = {x:.2f}×", x <= 3.0))
            floors.append((s, "peak RSS < 1 GiB (with extraction)", f"ingest {e['ingest_peak_rss_mb']:.0f} MiB", e["ingest_peak_rss_mb"] < RSS_FLOOR_MB))
        peak = max(k["ingest_peak_rss_mb"], k["query_peak_rss_mb"])
        floors.append((s, "peak RSS < 1 GiB", f"ingest {k['ingest_peak_rss_mb']:.0f} MiB, query {k['query_peak_rss_mb']:.0f} MiB", peak < RSS_FLOOR_MB))
        for base in ("fts5-rd0", "fts5-rd2"):
            if base in rows:
                floors.append((s, f"query p50 ≤ {base}", f"{k['p50_ms']} ms vs {rows[base]['p50_ms']} ms", k["p50_ms"] <= rows[base]["p50_ms"]))
    out += ["### Floors (from the issue)", "", "| size | floor | measured | result |", "|---|---|---|---|"]
    out += [f"| {s} | {f} | {mval} | {pf(ok)} |" for s, f, mval, ok in floors]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "row":
        print(json.dumps(row(sys.argv[2], sys.argv[3], sys.argv[4]), indent=1))
    elif len(sys.argv) >= 3 and sys.argv[1] == "median":
        print(json.dumps(median(sys.argv[2:]), indent=1))
    elif len(sys.argv) == 3 and sys.argv[1] == "table":
        sys.stdout.write(table(sys.argv[2]))
    else:
        sys.exit(__doc__)
