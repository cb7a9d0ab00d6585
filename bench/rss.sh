#!/usr/bin/env bash
# rss.sh OUT CMD... : run CMD, sample VmRSS/RssAnon/RssFile (MiB) every second into OUT (t rss anon file).
# Run CMD directly (not through /usr/bin/time), or the samples are of the wrong process.
out=$1; shift
"$@" > /dev/null 2>"$out.stderr" & pid=$!
s=$(date +%s.%N)
while kill -0 $pid 2>/dev/null; do
  t=$(echo "$(date +%s.%N) - $s" | bc)
  awk -v t=$t '/^VmRSS|^RssAnon|^RssFile/{a[$1]=$2} END{printf "%.0f %d %d %d\n", t, a["VmRSS:"]/1024, a["RssAnon:"]/1024, a["RssFile:"]/1024}' /proc/$pid/status 2>/dev/null >> "$out"
  sleep 1
done
wait $pid; echo "rc=$? wall=$(echo "$(date +%s.%N) - $s" | bc)" >> "$out"
