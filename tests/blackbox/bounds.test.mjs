// Hostile clients (issue 13): every request names a Host the daemon
// serves (DNS rebinding), descriptors are counted against the open-files
// limit, and what a client can make the daemon hold is bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { ADVISORD, Daemon, connect, rawSocket, upgradeRequest, sleep } from './lib.mjs';

// A GET with the given Host header; resolves { status, body }.
function get(port, path, host) {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (r) => {
      let body = '';
      r.on('data', (d) => { body += d; });
      r.on('end', () => res({ status: r.statusCode, body }));
    });
    req.on('error', rej);
    req.end();
  });
}

// An upgrade with Host and Origin; resolves the first response line, or
// "closed" when the daemon closed without one.
async function upgrade(port, host, origin) {
  const s = await rawSocket(port);
  const text = upgradeRequest(port, { origin }).replace(/^Host: .*$/m, `Host: ${host}`);
  return new Promise((res) => {
    let got = '';
    s.on('data', (d) => { got += d; if (got.includes('\r\n')) { res(got.split('\r\n')[0]); s.destroy(); } });
    s.on('close', () => res(got ? got.split('\r\n')[0] : 'closed'));
    s.on('error', () => res('closed'));
    s.write(text);
  });
}

test('DNS rebinding: a Host that is not ours is refused, on pages, endpoints and upgrades (reproduction 5)', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  for (const path of ['/', '/healthz', '/metrics', '/pubkey']) {
    const r = await get(d.port, path, 'evil.example');
    assert.equal(r.status, 403, `${path} with Host evil.example`);
    assert.match(r.body, /^403 Forbidden: this Host is not served \(see allowed_host\)\n$/);
  }
  assert.equal((await get(d.port, '/healthz', `127.0.0.1:${d.port}`)).status, 200);
  assert.equal((await get(d.port, '/healthz', `localhost:${d.port}`)).status, 200);
  assert.equal((await get(d.port, '/healthz', 'LOCALHOST.')).status, 200);
  // the rebinding upgrade: Origin matches Host, both the attacker's
  assert.match(await upgrade(d.port, 'evil.example', 'http://evil.example'), /^HTTP\/1\.[01] 403 /);
  assert.doesNotMatch(await upgrade(d.port, `evil.example:${d.port}`, `http://evil.example:${d.port}`), / 101 /);
  assert.doesNotMatch(await upgrade(d.port, 'evil.example', undefined), / 101 /);
  // our own names still upgrade
  assert.match(await upgrade(d.port, `127.0.0.1:${d.port}`, `http://127.0.0.1:${d.port}`), / 101 /);
  assert.match(await upgrade(d.port, `localhost:${d.port}`, `http://localhost:${d.port}`), / 101 /);
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /advisord_refusals_total\{reason="host"\} [1-9]/);
});

test('allowed_host names a host the daemon serves; allowed_origin hosts are served too', async (t) => {
  const d = await new Daemon(['--allowed-host', 'chat.example.org', '--allowed-origin', 'https://app.example.net']).start();
  t.after(() => d.stop());
  assert.equal((await get(d.port, '/healthz', 'chat.example.org')).status, 200);
  assert.equal((await get(d.port, '/healthz', 'app.example.net:443')).status, 200);
  assert.equal((await get(d.port, '/healthz', 'evil.example')).status, 403);
  assert.match(await upgrade(d.port, 'chat.example.org', 'https://chat.example.org'), / 101 /);
  const c = await connect(d.wsUrl, { headers: { Host: 'chat.example.org' }, origin: 'http://chat.example.org' });
  c.close();
});

// CPU time (user + system, clock ticks) the process has used so far.
function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}

// Open n raw connections and keep them, without a request.
async function hold(port, n) {
  const socks = [];
  for (let i = 0; i < n; i++) {
    const s = await rawSocket(port).catch(() => null);
    if (s) { s.on('error', () => {}); socks.push(s); }
  }
  return socks;
}

for (const nofile of [40, 16]) {
  test(`out of file descriptors (open-files limit ${nofile}): no spin, a bounded log, served afterwards (reproduction 3)`, async (t) => {
    const d = await new Daemon([`--nofile=${nofile}:${nofile}`, ADVISORD], {}, { binary: 'prlimit' }).start();
    t.after(() => d.stop());
    assert.match(d.log, new RegExp(`open-files limit is ${nofile} .*max_connections 20000 does not fit.*so it is 1;`));
    const socks = await hold(d.port, 60);
    await sleep(300);
    const t0 = cpuTicks(d.pid);
    await sleep(1500);
    const used = cpuTicks(d.pid) - t0;
    // a spinning accept loop uses the whole 1.5 s (about 150 ticks)
    assert.ok(used < 40, `the daemon used ${used} ticks of CPU in 1.5 s with ${socks.length} connections waiting`);
    const lines = d.log.split('\n').length;
    assert.ok(lines < 40, `${lines} log lines:\n${d.log.slice(0, 3000)}`);
    assert.equal((d.log.match(/open-files limit is/g) || []).length, 1, 'the limit is said once');
    socks.forEach((s) => s.destroy());
    let r;
    for (let i = 0; i < 50; i++) {
      r = await fetch(`${d.url}/metrics`).then(async (x) => ({ status: x.status, text: await x.text() })).catch(() => null);
      if (r && r.status === 200) break;
      await sleep(100);
    }
    assert.equal(r?.status, 200, 'served after the flood');
    const shed = Number(r.text.match(/^advisord_connections_shed_total (\d+)$/m)[1]);
    const closed = Number(r.text.match(/^advisord_refusals_total\{reason="closed_over_limit"\} (\d+)$/m)[1]);
    assert.ok(shed + closed >= 50, `shed ${shed}, closed over the limit ${closed}`);
  });
}
