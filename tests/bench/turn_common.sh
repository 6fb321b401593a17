# SPDX-License-Identifier: ISC
# turn_common.sh: sourced by cg_turn.sh and strace_turn.sh, which count
# a cost per client message of advisord under loadgen.  Expects B,
# ADVISORD, SC, CONNS, SECRET and state set; sets port.

pid=
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')

# turn_start LOG [WRAPPER ARGS...]: the daemon in the background (under
# WRAPPER, e.g. valgrind, when given), with no rate or per-connection
# bound a load run would hit, and ARGS (more daemon arguments, e.g.
# "--sync off") if set; its PID in pid.  Returns once /healthz answers
# (60 s at most).
turn_start() {
	log=$1
	shift
	"$@" "$ADVISORD" --listen "127.0.0.1:$port" --state-dir "$state" \
	    --api-key "bench:$SECRET" --rate-connection 1000000 \
	    --rate-connection-burst 1000000 --rate-conversation 1000000 \
	    --rate-conversation-burst 1000000 \
	    --max-conversations-per-connection 100000 ${ARGS:-} >"$log" 2>&1 &
	pid=$!
	i=0
	until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
		i=$((i + 1))
		[ $i -lt 600 ] || { echo "daemon did not start" >&2; exit 1; }
		sleep 0.1
	done
}

# lg SECONDS: loadgen runs scenario SC on CONNS connections, one turn in
# flight each, with the evaluation sets' questions.
lg() {
	"$B"/loadgen -p "$port" -s "$SC" -c "$CONNS" -w 1 -d "$1" -W 0 \
	    ${SAYS:+-n "$SAYS"} \
	    -k "$SECRET" -q tests/eval/questions.json \
	    -q tests/eval/holdout-questions.json >/dev/null
}

# count: the client messages the daemon has taken (its /metrics).
count() {
	curl -s "http://127.0.0.1:$port/metrics" |
	    awk '/^advisord_messages_in_total/ { n += $2 } END { print n + 0 }'
}
