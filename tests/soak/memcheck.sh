#!/bin/sh
# SPDX-License-Identifier: ISC
# memcheck.sh: the whole evaluation (tests/eval/run.mjs: every set, and
# $EVAL_SHARED's when set) through one daemon started under valgrind
# memcheck, then its leak check after SIGTERM.  ASan and UBSan do not see
# a read of memory never written (round 50: a field read before it was
# set made one conversation's reply depend on another's stack); memcheck
# does.  Part of `make soak`, not of `make test` (4.5 to 22 min on 2
# shared cores, by their load).
#
#   B=build tests/soak/memcheck.sh
#
# Fails (exit 1) when valgrind reports any error (an uninitialised read,
# an invalid access, a bad free, memory definitely lost at exit) outside
# tests/soak/memcheck.supp, or when the eval itself fails (a set below
# its gate: a turn that timed out shows there).  The valgrind log is
# kept in $MEMCHECK_DIR (default $B/memcheck) as eval.PID.vg.
#
# MEMCHECK_TIME_SCALE (default 40) multiplies the eval's patience for a
# start, a turn and a stop (ADVISORD_TIME_SCALE, tests/eval/README.md).
set -eu

cd "$(dirname "$0")/../.."
B=${B:-build}
dir=${MEMCHECK_DIR:-$B/memcheck}
command -v valgrind >/dev/null 2>&1 || {
	echo "memcheck.sh: valgrind is not installed (tests/deps.sh test)" >&2
	exit 1
}
mkdir -p "$dir"
rm -f "$dir"/eval.*.vg

# 99: an exit status the daemon never uses, so run.mjs's "daemon exits
# cleanly" check fails on a valgrind error alone; definite leaks count
# as errors, possible ones (a library's interior pointers) do not.
export ADVISORD_WRAPPER="valgrind --tool=memcheck --track-origins=yes
 --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
 --show-leak-kinds=definite --num-callers=30
 --suppressions=tests/soak/memcheck.supp --log-file=$dir/eval.%p.vg"
export ADVISORD_TIME_SCALE="${MEMCHECK_TIME_SCALE:-40}"

start=$(date +%s)
status=0
B=$B node tests/eval/run.mjs --json "$dir/eval.json" >"$dir/eval.txt" 2>&1 ||
    status=$?
end=$(date +%s)
grep '^eval:' "$dir/eval.txt" || true
echo "memcheck: eval under valgrind in $((end - start)) s, status $status"

errors=0
for f in "$dir"/eval.*.vg; do
	[ -e "$f" ] || { echo "memcheck: no valgrind log in $dir" >&2; exit 1; }
	grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost' "$f" |
	    sed 's/^==[0-9]*== */memcheck: /'
	grep -q 'ERROR SUMMARY: 0 errors' "$f" || errors=1
	grep -q 'HEAP SUMMARY' "$f" ||
	    { echo "memcheck: $f has no leak summary (the daemon did not exit after SIGTERM?)"; errors=1; }
done
if [ "$errors" -ne 0 ] || [ "$status" -ne 0 ]; then
	echo "memcheck: FAILED; the report is in $dir (eval.txt, eval.*.vg)" >&2
	exit 1
fi
echo "memcheck: no errors"
