#!/usr/bin/env bash
# bench-huge.sh: what a folder of 1,000,000 files costs portside-cli
# (issue #20, item 7), against silentftpd on loopback (a scripted server
# whose /big lists N one-byte files, generated as they are sent):
#   - ls of the folder: peak RSS and seconds (/usr/bin/time);
#   - get of the folder for BENCH_SECONDS (default 90), then interrupted
#     as a user would (Ctrl-C): peak RSS, files landed, and the journal's
#     items and bytes an item (every item is added within the run);
#   - the same get again for half as long (a re-run after an interruption):
#     peak RSS.
# Goals: ls <= 300 MB and <= 10 s; get <= 150 MB peak RSS, <= 200 B an item.
#
#   scripts/bench-huge.sh [FILES]        # default 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-1000000}
secs=${BENCH_SECONDS:-90}
work=$(mktemp -d)
trap 'kill "${srv:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/portside-cli" ./cmd/portside-cli
go build -o "$work/silentftpd" ./transfer/internal/silentftp/silentftpd
go build -o "$work/journalstat" ./transfer/internal/silentftp/journalstat
"$work/silentftpd" -files "$files" >"$work/port" &
srv=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
url="ftp://demo@127.0.0.1:$port/big"
export PORTSIDE_PASSWORD=demo

/usr/bin/time -f '%M %e' -o "$work/ls.time" "$work/portside-cli" ls "$url" >/dev/null
read -r kb s < <(tail -1 "$work/ls.time")
printf 'huge ls %d entries: peak RSS %d MB, %s s\n' "$files" $((kb / 1024)) "$s"

mkdir "$work/dest"
/usr/bin/time -f '%M %e' -o "$work/get.time" \
  "$work/portside-cli" get --journal "$work/j.db" "$url" "$work/dest" >/dev/null 2>"$work/get.err" &
timer=$!
sleep "$secs"
pkill -INT -P "$timer" portside-cli || true
wait "$timer" || true
read -r kb s < <(tail -1 "$work/get.time")
landed=$(find "$work/dest" -type f ! -name '*.portside-part' | wc -l)
printf 'huge get %d files for %s s: peak RSS %d MB, %d files landed (%.0f a second)\n' \
  "$files" "$s" $((kb / 1024)) "$landed" "$(echo "$landed / $s" | bc -l)"
printf 'huge journal: %s\n' "$("$work/journalstat" "$work/j.db")"

# The same command again: it lists anew and keeps what the first run did
# (the earlier journal read into an index, see queue.Earlier).
/usr/bin/time -f '%M %e' -o "$work/again.time" \
  "$work/portside-cli" get --journal "$work/j.db" "$url" "$work/dest" >/dev/null 2>"$work/again.err" &
timer=$!
sleep "$((secs / 2))"
pkill -INT -P "$timer" portside-cli || true
wait "$timer" || true
read -r kb s < <(tail -1 "$work/again.time")
printf 'huge get again for %s s: peak RSS %d MB, %d files landed in all\n' "$s" $((kb / 1024)) \
  "$(find "$work/dest" -type f ! -name '*.portside-part' | wc -l)"
