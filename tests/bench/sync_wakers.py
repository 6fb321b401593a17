#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""sync_wakers: what a durable turn's group commit waits for (round 45).

Runs one daemon build pinned to CPU 0 (state directory under build/, as
bench_pairs puts it) with loadgen's open loop of `say` on CPU 1 (bench_pairs'
settings), records the whole machine with perf for a window of the run, and
attributes every fdatasync of the daemon to: running, runnable, and asleep
by who woke it (the task on the CPU that ran the wake-up: a kworker is
ext4's end-of-write worker, swapper or another task is an interrupt).
Also counts ext4's unwritten-extent conversions (workqueue items
ext4_end_io_rsv_work, tracepoint ext4_ext_handle_unwritten_extents).

    python3 tests/bench/sync_wakers.py BUILD/advisord [RATE] [SECONDS]

Prints one JSON line.  Needs root (perf record -a with tracepoints).
"""
import json, os, re, signal, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, 'build')
SECRET = 'bench-pairs-0123456789abcdef0123456789'
EVENTS = ['syscalls:sys_enter_fdatasync', 'syscalls:sys_exit_fdatasync',
          'sched:sched_switch', 'sched:sched_wakeup',
          'workqueue:workqueue_execute_start',
          'ext4:ext4_ext_handle_unwritten_extents']


def q(v, p):
    v = sorted(v)
    return round(v[min(len(v) - 1, int(p * len(v)))], 3) if v else None


def main():
    daemon = os.path.abspath(sys.argv[1])
    rate = int(sys.argv[2]) if len(sys.argv) > 2 else 4375
    secs = float(sys.argv[3]) if len(sys.argv) > 3 else 4
    state = tempfile.mkdtemp(prefix='sync-wakers-', dir=BUILD)
    # the daemon's log goes to a file: a pipe not read would stop it
    logf = open(os.path.join(state + '.log'), 'w')
    d = subprocess.Popen(['taskset', '-c', '0', daemon, '--listen', '127.0.0.1:0',
                          '--state-dir', state, '--api-key', 'bench:' + SECRET,
                          '--max-connections-per-ip', '1000', '--rate-connection', '1000000',
                          '--rate-connection-burst', '1000000', '--rate-conversation', '1000000',
                          '--rate-conversation-burst', '1000000',
                          '--max-conversations-per-connection', '100000',
                          '--max-conversations', '1000000'],
                         stdout=logf, stderr=subprocess.STDOUT)
    port = None
    deadline = time.time() + 20
    while port is None:
        m = re.search(r'listening on [0-9.]+:(\d+)', open(logf.name).read())
        if m:
            port = m.group(1)
        elif d.poll() is not None or time.time() > deadline:
            raise SystemExit('daemon did not start:\n' + open(logf.name).read())
        else:
            time.sleep(0.05)
    lg = subprocess.Popen(['taskset', '-c', '1', os.path.join(BUILD, 'loadgen'), '-p', port,
                           '-P', str(d.pid), '-s', 'say', '-c', '100', '-w', '8', '-d', str(secs),
                           '-W', '1', '-r', str(rate), '-k', SECRET,
                           '-q', os.path.join(ROOT, 'tests/eval/questions.json'),
                           '-q', os.path.join(ROOT, 'tests/eval/holdout-questions.json')],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    data = os.path.join('/dev/shm', os.path.basename(state) + '.perf')  # not on the disk measured
    time.sleep(1.5)
    # the journal's inodes, seen while perf runs (segments come and go)
    inodes, stop = set(), []

    def watch():
        jd = os.path.join(state, 'journal')
        while not stop:
            try:
                for f in os.listdir(jd):
                    try:
                        inodes.add(os.stat(os.path.join(jd, f)).st_ino)
                    except OSError:
                        pass
            except OSError:
                pass
            time.sleep(0.02)
    th = threading.Thread(target=watch)
    th.start()
    subprocess.run(['perf', 'record', '-q', '-a', '-o', data] +
                   sum([['-e', e] for e in EVENTS], []) + ['--', 'sleep', str(secs / 2)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    stop.append(1)
    th.join()
    out, _ = lg.communicate()
    try:
        lgres = json.loads(out.strip().split('\n')[-1])
    except Exception:
        lgres = {}
    text = subprocess.run(['perf', 'script', '-i', data, '-F', 'comm,pid,tid,cpu,time,event,trace'],
                          capture_output=True, text=True).stdout
    d.send_signal(signal.SIGTERM)
    d.wait()
    subprocess.run(['rm', '-rf', state, logf.name, data])
    syncs = []			# (tid, start, end, [(kind, seconds, waker)])
    open_ = {}			# tid -> [start, state, since, sleeps]
    last_run = {}
    conversions = rsv = 0
    work = {}			# kworker tid -> the function of its last work item
    rx = re.compile(r'^\s*(\S.*?)\s+(\d+)/(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)$')
    for line in text.split('\n'):
        m = rx.match(line)
        if not m:
            continue
        comm, pid, tid, ts, ev, tr = m.group(1), int(m.group(2)), int(m.group(3)), float(m.group(5)), m.group(6), m.group(7)
        if ev == 'syscalls:sys_enter_fdatasync' and pid == d.pid:
            open_[tid] = [ts, 'run', ts, []]
        elif ev == 'syscalls:sys_exit_fdatasync' and tid in open_:
            o = open_.pop(tid)
            o[3].append((o[1], ts - o[2], o[4] if len(o) > 4 else None))
            syncs.append((comm, tid, o[0], ts, o[3]))
        elif ev == 'sched:sched_switch':
            pm = re.search(r'prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+)', tr)
            if pm and int(pm.group(1)) in open_:
                o = open_[int(pm.group(1))]
                o[3].append((o[1], ts - o[2], o[4] if len(o) > 4 else None))
                o[1] = 'runnable' if pm.group(2) in ('R', 'R+') else 'asleep'
                o[2] = ts
                del o[4:]
            nm = re.search(r'next_pid=(\d+)', tr)
            if nm and int(nm.group(1)) in open_:
                o = open_[int(nm.group(1))]
                o[3].append((o[1], ts - o[2], o[4] if len(o) > 4 else None))
                o[1] = 'run'
                o[2] = ts
                del o[4:]
        elif ev == 'sched:sched_wakeup':
            wm = re.search(r'pid=(\d+)', tr)
            if wm and int(wm.group(1)) in open_:
                o = open_[int(wm.group(1))]
                if o[1] == 'asleep':
                    w = comm
                    if comm.startswith('kworker'):
                        w = 'kworker:' + work.get(tid, '?')
                    o[3].append(('asleep', ts - o[2], w))
                    o[1] = 'runnable'
                    o[2] = ts
                    del o[4:]
        elif ev == 'workqueue:workqueue_execute_start':
            fm = re.search(r'function (\S+)', tr)
            if fm:
                work[tid] = fm.group(1)
            if 'ext4_end_io_rsv_work' in tr:
                rsv += 1	# any file's (the machine's)
        elif ev == 'ext4:ext4_ext_handle_unwritten_extents':
            im = re.search(r'ino (\d+)', tr)
            if im and int(im.group(1)) in inodes:
                conversions += 1
    mine = syncs
    durs = [(s[3] - s[2]) * 1000 for s in mine]
    asleep = {}
    tot = {'run': 0.0, 'runnable': 0.0, 'asleep': 0.0}
    for s in mine:
        for kind, sec, waker in s[4]:
            tot[kind] = tot.get(kind, 0.0) + sec * 1000
            if kind == 'asleep':
                # the I/O completion wakes it from whatever task its
                # interrupt came in (no task of the daemon's waits on it)
                w = waker if waker and waker.startswith('kworker') else 'interrupt'
                asleep[w] = asleep.get(w, 0.0) + sec * 1000
    top = dict(sorted(((k, round(v, 1)) for k, v in asleep.items()), key=lambda x: -x[1])[:6])
    res = {'daemon': daemon, 'rate': rate, 'window_s': secs / 2,
           'syncs': len(mine), 'sync_ms': {'p50': q(durs, .5), 'p90': q(durs, .9), 'p99': q(durs, .99),
                                            'max': round(max(durs), 3) if durs else None,
                                            'mean': round(sum(durs) / len(durs), 3) if durs else None},
           'ms_in_syncs': {k: round(v, 1) for k, v in tot.items()},
           'asleep_ms_by_waker': top,
           'ext4_end_io_rsv_work_all_files': rsv, 'journal_unwritten_extent_conversions': conversions,
           'loadavg': os.getloadavg()[0],
           'loadgen': lgres}
    print(json.dumps(res))


if __name__ == '__main__':
    main()
