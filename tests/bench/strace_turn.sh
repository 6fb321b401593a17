#!/bin/sh
# SPDX-License-Identifier: ISC
# strace_turn.sh: system calls, bytes and page faults per client message
# of advisord, or of the bare lws echo server.
#
#	tests/bench/strace_turn.sh SCENARIO [SECONDS] [CONNS]
#	env: B=build ADVISORD=$B/advisord ARGS="--sync off" (more daemon
#	     arguments)
#
# The server runs on its own (advisord, or build/bench_echo for
# SCENARIO echo); loadgen warms it for 2 s, then `strace -f` is attached
# for SECONDS of SCENARIO (echo, say, walk, unknown, conv) on CONNS
# connections with one turn in flight each.  Each system call's count,
# and for the calls that move bytes the bytes they moved, are divided by
# the client messages the server took meanwhile (advisord: its
# advisord_messages_in_total from /metrics; echo: loadgen's turns); a
# call on a descriptor is split by what the descriptor is (sock, pipe,
# eventfd, the journal's seg-N.log, a transcript's .part, ...: its
# /proc/PID/fd link halfway through the window).  Page faults (minflt of
# /proc/PID/stat) are counted over the same window.  strace slows the
# server, so the calls made once per group commit (the journal's write,
# fdatasync, futex, eventfd) cover more turns than they would bare: run
# without strace, advisord_journal_sync_seconds_count tells how many
# commits there were.  Not part of `make bench`.  Keep SECONDS short for
# walk: a long walk run reaches the longest transcript allowed
# (conversation_full).
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
ADVISORD=${ADVISORD:-$B/advisord}
case ${1:-} in
echo | say | walk | unknown | conv) SC=$1 ;;
*)
	echo "usage: $0 echo|say|walk|unknown|conv [SECONDS] [CONNS]" >&2
	exit 2
	;;
esac
SECS=${2:-3}
CONNS=${3:-10}
SECRET=strace-turn-0123456789abcdef012345
state=$(mktemp -d)
out=$(mktemp)
fds=$(mktemp)
lgout=$(mktemp)
. tests/bench/turn_common.sh
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$state" "$out" "$fds" "$lgout"' EXIT
if [ "$SC" = echo ]; then
	"$B"/bench_echo -p "$port" >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	lg() {
		"$B"/loadgen -p "$port" -s echo -c "$CONNS" -w 1 -d "$1" -W 0
	}
else
	turn_start /dev/null
fi
# minflt of the server (all its threads)
faults() {
	sed 's/.*) //' /proc/$pid/stat | awk '{ print $8 }'
}
lg 2 >/dev/null || true
n0=0
[ "$SC" = echo ] || n0=$(count)
strace -f -qq -o "$out" -p $pid 2>/dev/null &
sp=$!
sleep 0.5
f0=$(faults)
(sleep "$(echo "$SECS / 2" | bc -l)"; ls -l /proc/$pid/fd >"$fds" 2>/dev/null) &
lsp=$!
lg "$SECS" >"$lgout" || true
f1=$(faults)
wait $lsp
kill -INT $sp 2>/dev/null; wait $sp 2>/dev/null || true
if [ "$SC" = echo ]; then
	n=$(sed 's/.*"turns":\([0-9]*\).*/\1/' "$lgout")
else
	n1=$(count)
	n=$((n1 - n0))
fi
if [ "$n" -le 0 ]; then
	echo "$SC: the server took no client messages in the window" >&2
	exit 1
fi
echo "$SC${ARGS:+ $ARGS}: $n client messages; $(echo "($f1 - $f0) / $n" |
    bc -l | xargs printf '%.2f') page faults per message"
# fd -> kind, from "lrwx... N -> target"
awk -v n="$n" '
FNR == NR {
	if ($(NF - 1) != "->")
		next
	t = $NF
	if (t ~ /^socket:/) k = "sock"
	else if (t ~ /^pipe:/) k = "pipe"
	else if (t ~ /eventfd/) k = "eventfd"
	else if (t ~ /\.part$/) k = "*.part"
	else if (t ~ /\/journal\/seg-[0-9]+\.log$/) k = "journal seg"
	else { sub(/.*\//, "", t); k = t }
	kind[$(NF - 2)] = k
	next
}
# "PID name(fd, ..." or "PID <... name resumed>..."; unfinished calls
# are counted when they resume, with the fd they began with
{
	if (match($0, /^[0-9]+ +<\.\.\. [a-z0-9_]+ resumed>/)) {
		name = $3
		fd = pend[$1]
		delete pend[$1]
	} else if (match($0, /^[0-9]+ +[a-z0-9_]+\(/)) {
		s = substr($0, RSTART, RLENGTH - 1)
		sub(/^[0-9]+ +/, "", s)
		name = s
		fd = ""
		rest = substr($0, RSTART + RLENGTH)
		if (match(rest, /^[0-9]+[,) ]/))
			fd = substr(rest, 1, RLENGTH - 1)
		if ($0 ~ /<unfinished \.\.\.>$/) {
			pend[$1] = fd
			next
		}
	} else
		next
	io = name ~ /^(read|write|writev|pread64|pwrite64|sendto|recvfrom|sendmsg|recvmsg|fdatasync|fsync)$/
	key = name
	if (io && fd != "")
		key = name " " (fd in kind ? kind[fd] : "fd?")
	calls[key]++
	if (io && match($0, /= [0-9]+$/))
		bytes[key] += substr($0, RSTART + 2)
}
END {
	for (k in calls) {
		printf "%-24s\t%9d\t%7.3f per message", k, calls[k], calls[k] / n
		if (bytes[k] > 0)
			printf " %9.1f bytes", bytes[k] / n
		printf "\n"
		t += calls[k]
	}
	printf "%-24s\t%9d\t%7.3f per message\n", "all", t, t / n
}' "$fds" "$out" | sort -t "$(printf '\t')" -k3,3gr | tr '\t' ' '
