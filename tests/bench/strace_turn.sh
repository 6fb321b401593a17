#!/bin/sh
# SPDX-License-Identifier: ISC
# strace_turn.sh: system calls per client message of advisord.
#
#	tests/bench/strace_turn.sh SCENARIO [SECONDS] [CONNS]
#	env: B=build ADVISORD=$B/advisord
#
# The daemon runs on its own; loadgen warms it for 2 s, then
# `strace -c -f` is attached for SECONDS of SCENARIO (say, walk, unknown,
# conv) on CONNS connections with one turn in flight each, and each
# system call's count is divided by the client messages the daemon took
# meanwhile (advisord_messages_in_total from /metrics).  Not part of
# `make bench`.  Keep SECONDS short for walk: a long walk run reaches
# the longest transcript allowed (conversation_full).
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
SECS=${2:-3}
CONNS=${3:-10}
SECRET=strace-turn-0123456789abcdef012345
state=$(mktemp -d)
out=$(mktemp)
. tests/bench/turn_common.sh
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$state" "$out"' EXIT
turn_start /dev/null
lg 2 || true
n0=$(count)
strace -c -f -p $pid -o "$out" 2>/dev/null &
sp=$!
sleep 0.5
lg "$SECS" || true
kill -INT $sp; wait $sp 2>/dev/null || true
n1=$(count)
n=$((n1 - n0))
if [ "$n" -le 0 ]; then
	echo "$SC: the daemon took no client messages in the window" >&2
	exit 1
fi
echo "$SC: $n client messages"
awk -v n="$n" '$NF != "total" && $NF != "syscall" && $4 ~ /^[0-9]+$/ {
	printf "%-16s %9d %7.2f per message\n", $NF, $4, $4 / n; t += $4 }
    END { printf "%-16s %9d %7.2f per message\n", "all", t, t / n }' "$out"
