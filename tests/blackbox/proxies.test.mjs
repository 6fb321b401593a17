// SPDX-License-Identifier: ISC
// advisord behind a real nginx and a real HAProxy (Debian's nginx-light and
// haproxy), started on loopback ports with the configurations in contrib/
// as they are documented: the page, the protocol, resume, refusals that
// keep their HTTP status, per-address limits that apply to each client
// (X-Forwarded-For from a trusted proxy), and /healthz.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Conv, Daemon, ROOT, connect, freePort, rawRequest, sleep, tempDir } from './lib.mjs';

// Wait until port answers HTTP (the proxy is up and reaches the daemon).
async function waitHttp(url, proc, log) {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`proxy exited: ${log()}`);
    try { if ((await fetch(url)).status === 200) return; } catch { /* not yet */ }
    await sleep(25);
  }
  throw new Error(`proxy never answered ${url}: ${log()}`);
}

function startProc(cmd, args) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  return { proc, log: () => log };
}

const proxies = {
  nginx: {
    bin: '/usr/sbin/nginx',
    async start(dir, port, upstream) {
      const site = readFileSync(join(ROOT, 'contrib', 'nginx.conf'), 'utf8')
        .replace(/^\tlisten 80;$/m, `\tlisten 127.0.0.1:${port};`)
        .replace(/^\tserver 127\.0\.0\.1:8080;$/m, `\tserver 127.0.0.1:${upstream};`);
      assert.ok(site.includes(`:${port};`) && site.includes(`:${upstream};`), 'the example has the lines the test swaps');
      writeFileSync(join(dir, 'site.conf'), site);
      writeFileSync(join(dir, 'nginx.conf'), [
        `pid ${dir}/nginx.pid;`, 'error_log stderr;', 'daemon off;', 'worker_processes 1;', 'events {}',
        'http {', 'access_log off;', `client_body_temp_path ${dir}/b;`, `proxy_temp_path ${dir}/p;`,
        `include ${dir}/site.conf;`, '}', ''].join('\n'));
      return startProc(this.bin, ['-p', dir, '-c', join(dir, 'nginx.conf')]);
    },
  },
  haproxy: {
    bin: '/usr/sbin/haproxy',
    async start(dir, port, upstream) {
      const cfg = readFileSync(join(ROOT, 'contrib', 'haproxy.cfg'), 'utf8')
        .replace(/^\tbind 127\.0\.0\.1:80$/m, `\tbind 127.0.0.1:${port}`)
        .replace(/ 127\.0\.0\.1:8080 /, ` 127.0.0.1:${upstream} `);
      assert.ok(cfg.includes(`:${port}\n`) && cfg.includes(`:${upstream} `), 'the example has the lines the test swaps');
      writeFileSync(join(dir, 'haproxy.cfg'), cfg);
      return startProc(this.bin, ['-db', '-f', join(dir, 'haproxy.cfg')]);
    },
  },
};

for (const [name, px] of Object.entries(proxies)) {
  test(`behind ${name}: page, protocol, resume, refusals, per-client limits, /healthz`, { skip: !existsSync(px.bin) && `${px.bin} is not installed` }, async (t) => {
    const d = await new Daemon(['--trusted-proxies', '127.0.0.1', '--max-connections-per-ip', '3']).start();
    t.after(() => d.stop());
    const dir = tempDir(`advisord-${name}-`);
    const port = await freePort();
    const p = await px.start(dir, port, d.port);
    t.after(() => { p.proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); });
    const base = `http://127.0.0.1:${port}`;
    await waitHttp(`${base}/healthz`, p.proc, p.log);

    // the page, as a browser gets it
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.equal(await page.text(), await (await fetch(`${d.url}/`)).text());

    // the protocol, from a browser page served by the proxy (Origin = its address)
    const wsUrl = `ws://127.0.0.1:${port}/ws`;
    const origin = base;
    const c = await connect(wsUrl, { origin, headers: { 'X-Forwarded-For': '198.51.100.7' } });
    const welcome = (await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1' })))[0];
    assert.equal(welcome.type, 'welcome');
    let turn = await new Conv(c, null).say('I want to target WebAssembly in the browser.');
    const lastSeq = turn.at(-1).seq;
    // the daemon logs the client, not the proxy
    await d.waitLog(/conn \d+ 198\.51\.100\.7: open/);
    assert.match(d.log, /conn \d+ 198\.51\.100\.7: open/);

    // resume through the proxy after the connection drops
    c.terminate();
    await sleep(100);
    const c2 = await connect(wsUrl, { origin });
    c2.request({ type: 'hello', resume: { conversation: welcome.conversation, token: welcome.token, last_seq: lastSeq } });
    let m;
    do m = await c2.next(); while (m.type !== 'resumed' && m.type !== 'error');
    assert.equal(m.type, 'resumed');
    turn = await new Conv(c2, null).command('summary');
    assert.ok(turn[0].answers.some((a) => a.choice === 'wasm'));
    c2.close();

    // a refused upgrade keeps its status through the proxy (no 502)
    const upg = (extra) => rawRequest(port, ['GET /ws HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Upgrade: websocket',
      'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', ...extra]);
    const bad = await upg(['Origin: http://evil.example']);
    assert.equal(bad.status, 403, bad.raw);
    assert.match(bad.body, /Origin is not allowed/);

    // per-address limit: per client behind the proxy, not for all of it
    const held = [];
    t.after(() => held.forEach((x) => x.close()));
    for (let i = 0; i < 3; i++)
      held.push(await connect(wsUrl, { origin, headers: { 'X-Forwarded-For': '203.0.113.5' } }));
    const over = await upg(['X-Forwarded-For: 203.0.113.5']);
    assert.equal(over.status, 429, over.raw);
    assert.equal(over.headers['retry-after'], '10');
    const other = await connect(wsUrl, { origin, headers: { 'X-Forwarded-For': '203.0.113.6' } });
    other.close();
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    // the log is a pipe of its own: the line may come after the answers
    await d.waitLog(/203\.0\.113\.5: refused \/ws: 429/);
    assert.match(d.log, /203\.0\.113\.5: refused \/ws: 429/);
  });
}

test('X-Forwarded-For from an address that is not a trusted proxy is ignored', async (t) => {
  const d = await new Daemon(['--trusted-proxies', '192.0.2.0/24', '--max-connections-per-ip', '1']).start();
  t.after(() => d.stop());
  const a = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '10.1.1.1' } });
  t.after(() => a.close());
  // the header would make this another client; from an untrusted peer it does not
  const r = await rawRequest(d.port, ['GET /ws HTTP/1.1', `Host: 127.0.0.1:${d.port}`, 'Upgrade: websocket',
    'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13',
    'X-Forwarded-For: 10.1.1.2']);
  assert.equal(r.status, 429, r.raw);
  await d.waitLog(/conn \d+ 127\.0\.0\.1: open/);
  assert.match(d.log, /conn \d+ 127\.0\.0\.1: open/);
});

test('Forwarded (RFC 7239) from a trusted proxy names the client', async (t) => {
  const d = await new Daemon(['--trusted-proxies', '127.0.0.0/8, ::1']).start();
  t.after(() => d.stop());
  const a = await connect(d.wsUrl, { headers: { Forwarded: 'for="[2001:db8::7]:4711";proto=http, for=127.0.0.1' } });
  a.close();
  await d.waitLog(/2001:db8::7: open/);
  assert.match(d.log, /conn \d+ 2001:db8::7: open/);
});

test('-n rejects a bad trusted_proxies entry with its place', async () => {
  const { run, ADVISORD } = await import('./lib.mjs');
  const r = await run(ADVISORD, ['-n', '--trusted-proxies', '10.0.0.0/33']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /command line: 'trusted_proxies': '10\.0\.0\.0\/33': bad prefix length/);
});
