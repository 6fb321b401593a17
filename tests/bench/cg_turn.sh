#!/bin/sh
# SPDX-License-Identifier: ISC
# cg_turn.sh: instructions per turn of advisord, counted by callgrind,
# which is repeatable on a loaded machine where times are not.
#
#	tests/bench/cg_turn.sh SCENARIO [SECONDS] [CONNS]
#	env: B=build ADVISORD=$B/advisord OUT=dir (callgrind.out.* kept there)
#	     SAYS=N (say): each run sends the first N questions and ends,
#	     so that two builds are counted on the same mix of questions
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
case ${1:-} in
say | walk | unknown | conv) SC=$1 ;;
*)
	echo "usage: $0 say|walk|unknown|conv [SECONDS] [CONNS]" >&2
	exit 2
	;;
esac
SECS=${2:-20}
CONNS=${3:-10}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
SECRET=cg-turn-0123456789abcdef0123456789
state=$(mktemp -d)
. tests/bench/turn_common.sh
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$state"' EXIT
# names uncompressed: the dump after the zeroing would lack the names
# first seen before it, and callgrind_annotate would lump them together
turn_start "$OUT/daemon.$SC.log" valgrind --tool=callgrind --compress-strings=no \
    --callgrind-out-file="$OUT/callgrind.out.$SC"
# with SAYS, the warm-up sends its N questions whole (SECONDS at most), so
# that the memos and the conversation are in the same state every run (3 s
# under callgrind ended it at a different question each time: counts
# varied by 3%)
if [ -n "${SAYS:-}" ]; then lg "$SECS"; else lg 3; fi
callgrind_control -z $pid >/dev/null
n0=$(count)
lg "$SECS"
n1=$(count)
callgrind_control -d $pid >/dev/null
kill $pid; wait $pid 2>/dev/null || true
trap 'rm -rf "$state"' EXIT
f="$OUT/callgrind.out.$SC.1"
ir=$(callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
if [ $((n1 - n0)) -le 0 ]; then
	echo "$SC: the daemon took no client messages in the window (its log: $OUT/daemon.$SC.log)" >&2
	exit 1
fi
echo "$SC: $ir instructions, $((n1 - n0)) client messages, $((ir / (n1 - n0))) per message ($f)"
