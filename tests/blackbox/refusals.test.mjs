// SPDX-License-Identifier: ISC
// Refused WebSocket upgrades answer HTTP, with a status that says why and a
// one-line body, rather than a bare TCP close: 401 API key, 403 Origin,
// 404 path, 429 per-address limit and 503 draining with Retry-After.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, connect, rawRequest, sleep } from './lib.mjs';

const KEY = '0123456789abcdef0123';

function upgrade(port, { path = '/ws', origin, auth, host = `127.0.0.1:${port}`, protocol = 'advisor.v1' } = {}) {
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${host}`, 'Upgrade: websocket', 'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'];
  if (protocol) lines.push(`Sec-WebSocket-Protocol: ${protocol}`);
  if (origin) lines.push(`Origin: ${origin}`);
  if (auth) lines.push(`Authorization: ${auth}`);
  return rawRequest(port, lines);
}

test('each refused upgrade answers its HTTP status with a one-line body', async (t) => {
  const d = await new Daemon(['--api-key', `bot:${KEY}`]).start();
  t.after(() => d.stop());
  const ok = await upgrade(d.port);
  assert.equal(ok.status, 101);

  const cases = [
    [{ auth: 'Bearer not-the-key-at-all!' }, 401, /wrong or malformed API key/],
    [{ auth: 'Basic Ym90OnNlY3JldA==' }, 401, /API key/],
    [{ origin: 'http://evil.example' }, 403, /Origin is not allowed/],
    [{ path: '/socket' }, 404, /endpoint is \/ws/],
  ];
  for (const [opts, status, re] of cases) {
    const r = await upgrade(d.port, opts);
    assert.equal(r.status, status, `${JSON.stringify(opts)}: ${r.raw}`);
    assert.match(r.body, re);
    assert.equal(r.body.trim().split('\n').length, 1, 'one line');
    assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
  }
  const good = await upgrade(d.port, { auth: `Bearer ${KEY}` });
  assert.equal(good.status, 101);
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /^advisord_refusals_total\{reason="api_key"\} 2$/m);
  assert.match(m, /^advisord_refusals_total\{reason="origin"\} 1$/m);
  assert.match(m, /^advisord_refusals_total\{reason="path"\} 1$/m);
  await d.waitLog(/127\.0\.0\.1: refused \/ws: 401 \(api_key\)/);
  assert.match(d.log, /127\.0\.0\.1: refused \/ws: 401 \(api_key\)/);
});

// NEWUSER28 #2: an upgrade naming only another subprotocol was closed
// without a word (curl: empty reply), counted nowhere.
test('an upgrade asking only for subprotocols we do not speak: 400 naming advisor.v1, counted', async (t) => {
  const d = await new Daemon([]).start();
  t.after(() => d.stop());
  for (const protocol of ['chat.v2', 'chat.v2, advisor.v2']) {
    const r = await upgrade(d.port, { protocol });
    assert.equal(r.status, 400, `${protocol}: ${r.raw}`);
    assert.match(r.body, /Sec-WebSocket-Protocol .*advisor\.v1/);
    assert.equal(r.body.trim().split('\n').length, 1, 'one line');
    assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
  }
  // advisor.v1 among others, or none at all, still upgrade
  assert.equal((await upgrade(d.port, { protocol: 'chat.v2, advisor.v1' })).status, 101);
  assert.equal((await upgrade(d.port, { protocol: null })).status, 101);
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /^advisord_refusals_total\{reason="subprotocol"\} 2$/m);
  assert.match(m, /^advisord_connections_rejected_total 2$/m);
  await d.waitLog(/refused \/ws: 400 \(subprotocol\)/);
});

// NEWUSER28 #12: upgrade refusals said HTTP/1.0 while every other answer
// says HTTP/1.1 (PROTOCOL 2.1: "the upgrade is HTTP/1.1").
test('upgrade refusals answer with an HTTP/1.1 status line', async (t) => {
  const d = await new Daemon([]).start();
  t.after(() => d.stop());
  for (const opts of [{ origin: 'http://evil.example' }, { path: '/wsx' }, { auth: 'Bearer nope' }]) {
    const r = await upgrade(d.port, opts);
    assert.match(r.raw.split('\r\n')[0], /^HTTP\/1\.1 40[134] /, JSON.stringify(opts));
  }
});

test('over the per-address limit: 429 with Retry-After; /healthz still answers', async (t) => {
  const d = await new Daemon(['--max-connections-per-ip', '2']).start();
  t.after(() => d.stop());
  const a = await connect(d.wsUrl);
  const b = await connect(d.wsUrl);
  t.after(() => { a.close(); b.close(); });
  const r = await upgrade(d.port);
  assert.equal(r.status, 429, r.raw);
  assert.equal(r.headers['retry-after'], '10');
  assert.match(r.body, /^429 Too Many Requests: too many connections from your address \(max_connections_per_ip\)\n$/);
  // plain pages too, but not the probes
  const page = await rawRequest(d.port, ['GET / HTTP/1.1', `Host: 127.0.0.1:${d.port}`, 'Connection: close']);
  assert.equal(page.status, 429, page.raw);
  const h = await rawRequest(d.port, ['GET /healthz HTTP/1.1', `Host: 127.0.0.1:${d.port}`, 'Connection: close']);
  assert.equal(h.status, 200, h.raw);
  a.close();
  await a.waitClose();
  for (let i = 0; i < 50; i++) {
    if ((await upgrade(d.port)).status === 101) return;
    await sleep(50);
  }
  assert.fail('a place freed up but upgrades are still refused');
});

test('draining: 503 with Retry-After', async () => {
  const d = await new Daemon().start();
  const c = await connect(d.wsUrl);
  // hold the drain open with a connection that stays until it is closed by us
  d.kill('SIGTERM');
  await d.waitLog(/draining/);
  const r = await upgrade(d.port).catch((e) => ({ status: 0, raw: String(e) }));
  c.close();
  await d.stop();
  // the drain may already be over (the port closed): then there is nothing to answer
  if (r.status !== 0) {
    assert.equal(r.status, 503, r.raw);
    assert.equal(r.headers['retry-after'], '5');
    assert.match(r.body, /restarting; retry shortly/);
  }
});
