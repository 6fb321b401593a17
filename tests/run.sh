#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: run every test suite and print the totals.
#
# Each suite speaks TAP (cmocka with CMOCKA_MESSAGE_OUTPUT=TAP, node's test
# runner with --test-reporter=tap).  A suite's full output goes to
# $B/test-logs/<suite>.log; failures are shown here.  The last line is
# "tests: N passed, N failed" with the totals of all suites, and the exit
# status is non-zero when anything failed.
set -u

cd "$(dirname "$0")/.."
B=${B:-build}
export B
LOGS=$B/test-logs
mkdir -p "$LOGS"

# Sanitizer runs: fail on the first report, and find leaks too.
case "$B" in
*sanitize*) export SANITIZE=1 ;;
esac
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CMOCKA_MESSAGE_OUTPUT=TAP

total_pass=0
total_fail=0
total_skip=0
failed_names=""	# "suite: test" of every failure, printed before the totals

# Count a cmocka TAP log: "ok N", "not ok N" and skips; tests the plan
# announced but never reported (a crash) count as failed.
count_cmocka() {
	log=$1
	pass=$(grep -c '^ok ' "$log")
	# cmocka reports a skipped test as "not ok N # SKIP name"
	skip=$(grep -c '^not ok [0-9]* # SKIP' "$log")
	fail=$(( $(grep -c '^not ok ' "$log") - skip ))
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | head -n 1)
	plan=${plan:-0}
	if [ $((pass + fail + skip)) -lt "$plan" ]; then
		fail=$((plan - pass - skip))
	fi
}

# Count node's TAP summary ("# pass N", "# fail N", ...).
count_node() {
	log=$1
	pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
	fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
	canc=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$log" | tail -n 1)
	skip=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$log" | tail -n 1)
	pass=${pass:-0}
	fail=$(( ${fail:-0} + ${canc:-0} ))
	skip=${skip:-0}
	# A runner that died before its summary has failed.
	if ! grep -q '^# pass ' "$log"; then
		fail=$((fail + 1))
	fi
}

report() {
	suite=$1 rc=$2 log=$3
	if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1	# the suite failed in a way its output does not count
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
	if [ "$skip" -gt 0 ]; then
		printf '%-28s %4d passed, %d failed, %d skipped\n' "$suite:" \
		    "$pass" "$fail" "$skip"
	else
		printf '%-28s %4d passed, %d failed\n' "$suite:" "$pass" "$fail"
	fi
	if [ "$fail" -gt 0 ]; then
		# a todo test that fails is expected (TAP), not a failure
		names=$(sed -n 's/^ *not ok [0-9]* - \(.*\)$/\1/p' "$log" |
		    grep -v '# SKIP\|# TODO' | head -n 5 | tr '\n' ';')
		# none named: say which numbers the plan announced and
		# never saw (a crash, or a line a test's output ran into),
		# and how the suite exited
		[ -n "$names" ] || names=$(awk -v rc="$rc" '
		    /^1\.\.[0-9]+$/ && !plan { plan = substr($0, 4) + 0 }
		    /^(not )?ok [0-9]+/ { n = $0; sub(/^(not )?ok /, "", n)
			seen[n + 0] = 1 }
		    END { for (i = 1; i <= plan && k < 5; i++)
			if (!(i in seen)) { out = out sep "test " i " of " plan \
			    " never reported"; sep = ", "; k++ }
			if (rc != 0) out = out sep "exit status " rc
			print out }' "$log")
		# and the first lines of why, for a CI record that keeps
		# only the end of the output
		why=$(awk '/^ *not ok / { keep = ($0 !~ /# (SKIP|TODO)/); n = 0; more = 0 }
		    keep && more > 0 { sub(/^ */, ""); print "  why:   " substr($0, 1, 300); more--; next }
		    keep && n < 8 && /(error|expected|actual|location|message):/ {
			if ($0 ~ /: [|>]-?$/) more = 3
			sub(/^ */, ""); print "  why: " substr($0, 1, 300); n++ }' \
		    "$log" | head -n 16)
		failed_names="$failed_names
failed: $suite: ${names:-(no test named: see the log)}${why:+
$why}"
		echo "---- $suite: failures (full log: $log) ----"
		grep -n -B2 -A25 '^not ok\|^ *not ok\|ERROR: AddressSanitizer\|runtime error:' \
		    "$log" | head -n 150
		echo "----"
	fi
}

echo "== unit tests (cmocka) =="
for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	log="$LOGS/$(basename "$t").log"
	"$t" > "$log" 2>&1
	rc=$?
	count_cmocka "$log"
	report "unit/$(basename "$t")" "$rc" "$log"
done

run_node_suite() {
	suite=$1
	shift
	log="$LOGS/$suite.log"
	node --test --test-reporter=tap "$@" > "$log" 2>&1
	rc=$?
	count_node "$log"
	report "$suite" "$rc" "$log"
}

# TEST_CONCURRENCY=N runs N files at a time: each starts daemons of its
# own on ports the kernel picks, in temporary directories, and mostly
# waits on them, so files overlap well even on 2 cores, where node's
# default (cores - 1) runs them one by one.  Unset: node's default, since
# a 3 s idle timeout race (rv1_end_release) failed once at 3 on a machine
# loaded 9 times over its cores.
echo "== black-box tests (node:test + ws, against the real daemon) =="
run_node_suite blackbox ${TEST_CONCURRENCY:+--test-concurrency="$TEST_CONCURRENCY"} \
    tests/blackbox/*.test.mjs

# One TAP test per gated set (tests/eval/thresholds.json); the held-out
# sets are printed, not gated.
echo "== evaluation sets (tests/eval/run.mjs: every set over WebSocket) =="
log="$LOGS/eval.log"
node tests/eval/run.mjs --tap --json "$B/eval/report.json" > "$log" 2>&1
rc=$?
count_cmocka "$log"
report eval "$rc" "$log"
grep -E '^# [^ ].*  \[(gate|reported)' "$log" | sed 's/^# /  /'

# Context invariance: a question gets the same reading as the first
# message and in the middle of the walk (thresholds.json "invariance").
echo "== context invariance (tests/eval/invariance.mjs: public questions, first vs mid-walk) =="
log="$LOGS/invariance.log"
node tests/eval/invariance.mjs --tap > "$log" 2>&1
rc=$?
count_cmocka "$log"
report invariance "$rc" "$log"
grep '^invariance:' "$log" | sed 's/^/  /'

# Isolation: a seeded sample of the eval conversations, alone and
# interleaved (with another conversation's step before each step too),
# must get the same replies and summaries (make soak runs them all).
echo "== isolation (tests/eval/isolation.mjs: conversations alone vs interleaved) =="
log="$LOGS/isolation.log"
node tests/eval/isolation.mjs --tap --sample 700 --seeds 1 > "$log" 2>&1
rc=$?
count_cmocka "$log"
report isolation "$rc" "$log"
grep '^# isolation:' "$log" | sed 's/^# /  /'

echo "== browser tests (playwright-core + Debian's Chromium, against the real daemon) =="
SCREENSHOTS=$(cd "$B" && pwd)/screenshots
export SCREENSHOTS
rm -rf "$SCREENSHOTS" "$B/visual-diffs"
run_node_suite browser tests/browser/*.test.mjs
echo "screenshots: $SCREENSHOTS ($(find "$SCREENSHOTS" -name '*.png' 2>/dev/null | wc -l) files)"
for f in "$B"/visual-diffs/*.diff.png; do
	[ -f "$f" ] && echo "visual difference from the baseline: $f"
done

# The fuzzers are built with clang's own sanitizers: only in the plain
# run.  Each target a few seconds (make fuzz runs them longer).
if [ -z "${SANITIZE:-}" ] && command -v clang >/dev/null 2>&1; then
	echo "== fuzzing (libFuzzer: proto 20 s, kb 12 s, irc 8 s, the other targets 7 s each) =="
	log="$LOGS/fuzz-build.log"
	if make --no-print-directory -j2 fuzz-build > "$log" 2>&1; then
		for t in proto kb irc config verify markdown journal http webhook; do
			secs=7
			[ "$t" = proto ] && secs=20
			[ "$t" = kb ] && secs=12
			[ "$t" = irc ] && secs=8
			log="$LOGS/fuzz-$t.log"
			if FUZZ_SECONDS=$secs FUZZ_LOGS=$LOGS/fuzz \
			    tests/fuzz/run.sh "$t" > "$log" 2>&1; then
				pass=1 fail=0
			else
				pass=0 fail=1
			fi
			skip=0
			report "fuzz/$t" 0 "$log"
			sed 's/^/  /' "$log" | head -n 6
		done
	else
		pass=0 fail=1 skip=0
		report "fuzz/build" 0 "$log"
	fi
fi

echo
echo "test logs: $LOGS"
if [ "$total_skip" -gt 0 ]; then
	echo "($total_skip skipped)"
fi
# Named again here, so that the last lines of a long run say what failed.
[ -n "$failed_names" ] && echo "$failed_names" | sed '/^$/d'
echo "tests: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
