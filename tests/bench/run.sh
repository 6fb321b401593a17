#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh: every benchmark, each reported as ratios against a baseline
# measured in the same run.  These machines have two shared cores: numbers
# are medians of several rounds.
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
Q="tests/eval/questions.json tests/eval/holdout-questions.json"
P="tests/eval/personas.json tests/eval/holdout-personas.json"
if [ -f ../shared/eval/questions.json ]; then
	Q="$Q ../shared/eval/questions.json"
	P="$P ../shared/eval/personas.json"
fi
# shellcheck disable=SC2086
"$B"/bench_engine knowledge/rust-vs-go-2026 $Q -- $P
echo
# on the build directory's file system, as the daemon's state would be
state="$B/bench-state.$$"
trap 'rm -rf "$state"' EXIT
"$B"/bench_store knowledge/rust-vs-go-2026 tests/eval/questions.json "$state"
echo
B="$B" node tests/bench/bench_ws.mjs
echo
# the web page: bytes for the first screen, time to the first question
B="$B" node tests/bench/bench_web.mjs
echo
# advisord against a bare lws echo server, interleaved pairs (RESULTS.md)
B="$B" node tests/bench/bench_pairs.mjs
echo
# a 24 MB transcript: what another session waits meanwhile (RESULTS.md)
B="$B" node tests/bench/bench_bigtranscript.mjs
echo
# the store on the user's path: restart, expiry stalls, say latency
B="$B" node tests/bench/bench_recovery.mjs
echo
# several instances on PostgreSQL against one on the local journal
B="$B" node tests/bench/bench_pg.mjs
