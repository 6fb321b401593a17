#!/bin/sh
# SPDX-License-Identifier: ISC
# cg_turn.sh: instructions per turn of advisord, counted by callgrind,
# which is repeatable on a loaded machine where times are not.
#
#	tests/bench/cg_turn.sh SCENARIO [SECONDS] [CONNS]
#	env: B=build ADVISORD=$B/advisord OUT=dir (callgrind.out.* kept there)
#
# The daemon runs under callgrind; a first loadgen run warms it, the
# counters are zeroed, then loadgen runs SCENARIO (say, walk, unknown,
# conv) for SECONDS on CONNS connections with one turn in flight each.
# Prints the instructions counted, the client messages the daemon took
# in that window (advisord_messages_in_total from /metrics) and their
# ratio.  Not part of `make bench` (it takes a minute per scenario).
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
ADVISORD=${ADVISORD:-$B/advisord}
SC=${1:?scenario}
SECS=${2:-20}
CONNS=${3:-10}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
SECRET=cg-turn-0123456789abcdef0123456789
state=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out.$SC" \
    "$ADVISORD" --listen "127.0.0.1:$port" --state-dir "$state" \
    --api-key "bench:$SECRET" --rate-connection 1000000 \
    --rate-connection-burst 1000000 --rate-conversation 1000000 \
    --rate-conversation-burst 1000000 \
    --max-conversations-per-connection 100000 >"$OUT/daemon.$SC.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$state"' EXIT
i=0
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
	i=$((i + 1)); [ $i -lt 600 ] || { echo "daemon did not start" >&2; exit 1; }
	sleep 0.1
done
lg() {
	"$B"/loadgen -p "$port" -s "$SC" -c "$CONNS" -w 1 -d "$1" -W 0 \
	    -k "$SECRET" -q tests/eval/questions.json \
	    -q tests/eval/holdout-questions.json >/dev/null
}
count() {
	curl -s "http://127.0.0.1:$port/metrics" |
	    awk '/^advisord_messages_in_total/ { n += $2 } END { print n + 0 }'
}
lg 3
callgrind_control -z $pid >/dev/null
n0=$(count)
lg "$SECS"
n1=$(count)
callgrind_control -d $pid >/dev/null
kill $pid; wait $pid 2>/dev/null || true
trap 'rm -rf "$state"' EXIT
f="$OUT/callgrind.out.$SC.1"
ir=$(callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
echo "$SC: $ir instructions, $((n1 - n0)) client messages, $((ir / (n1 - n0))) per message ($f)"
