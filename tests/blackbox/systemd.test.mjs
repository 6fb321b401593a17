// SPDX-License-Identifier: ISC
// The systemd service protocol, against a stand-in notification socket
// (build/notifysink): READY=1 only once the port accepts, RELOADING=1 and
// READY=1 around SIGHUP with STATUS= saying how the reload went, STATUS=
// with live figures, WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { BUILD, ROOT, Daemon, browser, sleep, tempDir } from './lib.mjs';

// The sink: resolves once bound; .lines holds { t, msg } as they come.
async function sink(t) {
  const dir = tempDir('advisord-notify-');
  const path = join(dir, 'notify');
  const proc = spawn(join(BUILD, 'notifysink'), [path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const s = { path, lines: [], proc };
  let buf = '';
  await new Promise((res, rej) => {
    proc.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line === 'listening') { res(); continue; }
        const sp = line.indexOf(' ');
        s.lines.push({ t: Number(line.slice(0, sp)), msg: line.slice(sp + 1) });
        s.onLine?.();
      }
    });
    proc.on('exit', () => rej(new Error('notifysink exited')));
  });
  s.waitFor = async (re, from = 0, timeoutMs = 8000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = s.lines.findIndex((l, k) => k >= from && re.test(l.msg));
      if (i >= 0) return i;
      if (Date.now() > deadline) throw new Error(`no ${re} on the notify socket; got ${JSON.stringify(s.lines.map((l) => l.msg))}`);
      await new Promise((r) => { const tm = setTimeout(r, 20); s.onLine = () => { clearTimeout(tm); r(); }; });
    }
  };
  t.after(() => { proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); });
  return s;
}

function canConnect(port) {
  return new Promise((res) => {
    const c = netConnect({ host: '127.0.0.1', port }, () => { c.destroy(); res(true); });
    c.on('error', () => res(false));
  });
}

test('READY=1 comes once the port accepts; STATUS= carries live figures; STOPPING=1 on SIGTERM', async (t) => {
  const s = await sink(t);
  const d = new Daemon([], { NOTIFY_SOCKET: s.path });
  const started = d.start();
  const ready = await s.waitFor(/(^|\|)READY=1(\||$)/);
  // the moment systemd hears READY=1, the listener must already be there
  await started;
  assert.ok(await canConnect(d.port), 'port accepts at READY=1');
  assert.ok(/listening on 127\.0\.0\.1:\d+/.test(d.log));
  assert.equal(s.lines.slice(0, ready).filter((l) => /READY=1/.test(l.msg)).length, 0, 'one READY=1');
  await s.waitFor(/^STATUS=serving: 0 connections, 0 conversations, knowledge base rust-vs-go-2026 [0-9a-f]{12}$/);
  const { c } = await browser(d);
  await s.waitFor(/^STATUS=serving: 1 connection, 1 conversation, /);
  c.close();
  const before = s.lines.length;
  assert.equal((await d.stop()).code, 0);
  const i = await s.waitFor(/^STOPPING=1/, before);
  assert.match(s.lines[i].msg, /STATUS=draining \d+ connection/);
});

test('SIGHUP: RELOADING=1 with MONOTONIC_USEC, then READY=1 with STATUS= saying reloaded or rejected', async (t) => {
  const s = await sink(t);
  const kb = tempDir('advisord-kb-');
  cpSync(join(ROOT, 'knowledge', 'rust-vs-go-2026'), kb, { recursive: true });
  const d = await new Daemon(['--kb-dir', kb], { NOTIFY_SOCKET: s.path }).start();
  t.after(async () => { await d.stop(); rmSync(kb, { recursive: true, force: true }); });
  await s.waitFor(/READY=1/);

  let from = s.lines.length;
  d.kill('SIGHUP');
  let r = await s.waitFor(/^RELOADING=1\|MONOTONIC_USEC=\d+$/, from);
  let done = await s.waitFor(/^READY=1\|STATUS=/, r + 1);
  assert.match(s.lines[done].msg, /^READY=1\|STATUS=reloaded; serving knowledge base rust-vs-go-2026 [0-9a-f]{12}$/);

  const f = join(kb, 'claims.json');
  writeFileSync(f, readFileSync(f, 'utf8').replace('"source": "so-survey-2025"', '"source": "no-such-source"'));
  from = s.lines.length;
  d.kill('SIGHUP');
  r = await s.waitFor(/^RELOADING=1/, from);
  done = await s.waitFor(/^READY=1\|STATUS=/, r + 1);
  assert.match(s.lines[done].msg, /STATUS=reload rejected: knowledge base has errors; serving knowledge base rust-vs-go-2026/);
  // still serving
  assert.equal((await fetch(`${d.url}/readyz`)).status, 200);
});

test('WATCHDOG=1 at half of WATCHDOG_USEC, from the event loop', async (t) => {
  const s = await sink(t);
  const d = await new Daemon([], { NOTIFY_SOCKET: s.path, WATCHDOG_USEC: '400000' }).start();
  t.after(() => d.stop());
  const first = await s.waitFor(/^WATCHDOG=1$/);
  await s.waitFor(/^WATCHDOG=1$/, first + 1);
  await sleep(1000);
  const pings = s.lines.filter((l) => l.msg === 'WATCHDOG=1').map((l) => l.t);
  // 200 ms apart on average; single gaps are not asserted, because the sink
  // may be scheduled late and read two pings back to back
  assert.ok(pings.length >= 4, `only ${pings.length} pings in ${pings.at(-1) - pings[0]} ms`);
  const mean = (pings.at(-1) - pings[0]) / (pings.length - 1);
  assert.ok(mean >= 150 && mean < 400, `mean gap ${mean} ms over ${pings.length} pings`);
  assert.match(d.log, /systemd watchdog: pinging every 0\.200 s/);
});

// CPU time (user + system, clock ticks) the process has used so far.
function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}

test('WATCHDOG_USEC=1 is raised to a ping every 0.1 s, said once (issue 13: it burned CPU)', async (t) => {
  const s = await sink(t);
  const d = await new Daemon([], { NOTIFY_SOCKET: s.path, WATCHDOG_USEC: '1' }).start();
  t.after(() => d.stop());
  const first = await s.waitFor(/^WATCHDOG=1$/);
  const t0 = s.lines[first].t;
  const c0 = cpuTicks(d.pid);
  await sleep(1500);
  const pings = s.lines.filter((l, k) => k >= first && l.msg === 'WATCHDOG=1');
  const span = pings.at(-1).t - t0;
  // at most one ping per 100 ms (plus the first); load only makes fewer
  assert.ok(pings.length <= span / 100 + 2, `${pings.length} pings in ${span} ms`);
  // the loop sleeps between pings: well under the 150 ticks a spin takes
  assert.ok(cpuTicks(d.pid) - c0 < 50, `${cpuTicks(d.pid) - c0} ticks of CPU in 1.5 s`);
  assert.equal(d.log.match(/WATCHDOG_USEC=1 asks for a ping every 0\.5 us; pinging every 0\.100 s instead/g)?.length, 1);
  assert.match(d.log, /systemd watchdog: pinging every 0\.100 s/);
});

test('without NOTIFY_SOCKET nothing is sent and nothing complains', async (t) => {
  const d = await new Daemon([], { NOTIFY_SOCKET: '' }).start();
  t.after(() => d.stop());
  assert.doesNotMatch(d.log, /sd_notify|watchdog/);
});
