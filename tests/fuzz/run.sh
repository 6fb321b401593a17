#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: run libFuzzer targets, each for FUZZ_SECONDS (default 300), from
# a copy of its committed corpus (new inputs go to build/fuzz-corpus/,
# never into the tree).  Prints one line per target with its executions;
# exits non-zero when any target found a crash, a leak, a timeout or an
# out-of-memory (the reproducer is in build/fuzz/).
#
#   tests/fuzz/run.sh proto kb config verify markdown journal http
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-300}
logs=${FUZZ_LOGS:-build/fuzz/logs}
mkdir -p "$logs"
failed=0
for t in "$@"; do
	bin=build/fuzz/fuzz_$t
	maxlen=65536
	case "$t" in
	proto)	seeds=tests/fuzz/corpus dict=tests/fuzz/proto.dict maxlen=4096 ;;
	kb)	seeds=tests/fuzz/corpus_kb dict=tests/fuzz/kb.dict maxlen=262144 ;;
	irc)	seeds=tests/fuzz/corpus_irc dict=tests/fuzz/irc.dict maxlen=4096 ;;
	*)	seeds=tests/fuzz/corpus-$t dict=tests/fuzz/$t.dict ;;
	esac
	corpus=build/fuzz-corpus/$t
	mkdir -p "$corpus"
	cp "$seeds"/* "$corpus"/
	log=$logs/$t.log
	# rss_limit: the daemon's own bounds are far below; a target that
	# keeps state across inputs would climb to it
	"$bin" "$corpus" -dict="$dict" -max_total_time="$secs" \
	    -rss_limit_mb=1024 -timeout=10 -max_len="$maxlen" \
	    -artifact_prefix=build/fuzz/"$t"- -print_final_stats=1 \
	    > "$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
	if [ "$rc" -eq 0 ]; then
		echo "fuzz/$t: ${runs:-?} executions in ${secs} s, no crash (peak RSS ${rss:-?} MB)"
	else
		echo "fuzz/$t: FAILED (exit $rc) after ${runs:-?} executions; log: $log"
		grep -m 5 -E '^==[0-9]+==ERROR|SUMMARY|runtime error|Test unit written' "$log"
		failed=1
	fi
done
exit $failed
