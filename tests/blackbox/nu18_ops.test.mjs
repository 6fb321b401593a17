// SPDX-License-Identifier: ISC
// nu18, an operator moving one `make run` instance (a browser page and an
// integration) to two instances on PostgreSQL behind HAProxy, from the
// docs alone (NU18_FINDINGS.md).  What surprised them, as a user checks it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADVISOR, Daemon, Conv, browser, connect, run, tempDir } from './lib.mjs';
import { pgBin, cluster } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';

// HAProxy with every instance's /readyz at 503 (PostgreSQL away: the store
// is shared, so all at once) answers the upgrade itself with 503.  The
// client said only "HS: ws upgrade response not 101".
test('advisor names the HTTP status of a refused upgrade (a proxy with no instance ready: 503)', async (t) => {
  const proxy = createServer((req, res) => {
    res.writeHead(503, { 'content-type': 'text/html' });
    res.end('<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n');
  });
  proxy.on('upgrade', (req, sock) => {
    sock.end('HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/html\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
  await new Promise((res) => proxy.listen(0, '127.0.0.1', res));
  t.after(() => proxy.close());
  const r = await run(ADVISOR, ['ask', `ws://127.0.0.1:${proxy.address().port}/ws`, 'hi']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /HTTP 503/, r.stderr);
});

// STORE-PG.md "Moving to PostgreSQL": the log named STATE/transcripts as
// where the local journal was (it is STATE/journal); /readyz's body said
// "store_unreachable", a status PROTOCOL.md section 12 did not list.
test('moving a local journal: the log names the journal directory; /readyz says store_unreachable while PostgreSQL is stopped', { skip }, async (t) => {
  const pg = await cluster(t);
  const state = tempDir('advisord-nu18-state-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const local = await new Daemon(['--state-dir', state, '--api-key', 'ops:nu18-secret-0123456789']).start();
  const br = await browser(local);
  await br.conv.say('We build microservices on Kubernetes');
  br.c.close();
  const ic = await connect(local.wsUrl, { headers: { Authorization: 'Bearer nu18-secret-0123456789' } });
  await ic.turn(ic.request({ type: 'hello' }));
  const conv = new Conv(ic, 'irc:alice');
  await conv.send({ type: 'open' });
  await conv.say('I write a proxy in C++');
  ic.close();
  assert.equal((await local.stop()).code, 0);
  const a = await new Daemon(['--state-dir', state, '--store', pg.conninfo, '--store-lease', '3',
    '--signing-key', join(state, 'advisord.key')]).start();
  t.after(() => a.stop());
  const moved = a.log.match(/journal: 2 open conversations of the local journal in (\S+) moved to PostgreSQL/);
  assert.ok(moved, a.log);
  assert.equal(moved[1], join(state, 'journal'));
  assert.ok(readdirSync(moved[1]).some((f) => f.startsWith('seg-')), `${moved[1]} holds the journal`);
  await pg.stop();
  let body;
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${a.url}/readyz`);
    body = await r.json();
    if (r.status === 503) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(body.status, 'store_unreachable', JSON.stringify(body));
});

// PROTOCOL.md 11.6: an integration's API key that owned a conversation may
// leave the token out of a final-transcript request; README: integrations
// give their key with ADVISOR_API_KEY.  `advisor transcript NAME` refuses
// before connecting: "no token for conversation NAME".
test('advisor transcript fetches an integration conversation by its API key alone (ADVISOR_API_KEY, no token)',
  async (t) => {
    const d = await new Daemon(['--api-key', 'ops:nu18-secret-0123456789']).start();
    t.after(() => d.stop());
    const ic = await connect(d.wsUrl, { headers: { Authorization: 'Bearer nu18-secret-0123456789' } });
    await ic.turn(ic.request({ type: 'hello' }));
    const conv = new Conv(ic, 'irc:bob');
    await conv.send({ type: 'open' });
    await conv.say('What is Pingora?');
    await conv.send({ type: 'end' });
    ic.close();
    const out = mkdtempSync(join(tmpdir(), 'advisord-nu18-out-'));
    t.after(() => rmSync(out, { recursive: true, force: true }));
    const env = { ...process.env, ADVISOR_API_KEY: 'nu18-secret-0123456789', XDG_STATE_HOME: out };
    const r = await run(ADVISOR, ['transcript', 'irc:bob', d.wsUrl, '-o', out], { env });
    assert.equal(r.code, 0, r.stderr);
    const saved = readdirSync(out).filter((f) => f.endsWith('.json'));
    assert.equal(saved.length, 1, r.stdout);
    assert.match(saved[0], /irc:bob|irc_bob|irc%3Abob/, saved[0]);
    const v = await run(ADVISOR, ['verify', join(out, saved[0]), '-p', join(out, 'advisord.pub')]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /status=complete/, v.stdout);
    // a name this key never had is not opened by asking for its transcript
    const u = await run(ADVISOR, ['transcript', 'irc:nobody', d.wsUrl, '-o', out], { env });
    assert.equal(u.code, 1, u.stdout + u.stderr);
    assert.match(u.stderr, /unknown_conversation/, u.stderr);
    const probe = await connect(d.wsUrl, { headers: { Authorization: 'Bearer nu18-secret-0123456789' } });
    await probe.turn(probe.request({ type: 'hello' }));
    const again = await new Conv(probe, 'irc:nobody').send({ type: 'open' });
    assert.equal(again[0].type, 'opened', JSON.stringify(again));
    probe.close();
  });

test('advisor transcript: an open integration conversation, by its API key alone, the transcript so far', async (t) => {
  const d = await new Daemon(['--api-key', 'ops:nu18-secret-0123456789']).start();
  t.after(() => d.stop());
  const ic = await connect(d.wsUrl, { headers: { Authorization: 'Bearer nu18-secret-0123456789' } });
  await ic.turn(ic.request({ type: 'hello' }));
  const conv = new Conv(ic, 'irc:carol');
  await conv.send({ type: 'open' });
  await conv.say('What is Pingora?');
  ic.close();
  const out = mkdtempSync(join(tmpdir(), 'advisord-nu18-out-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const env = { ...process.env, ADVISOR_API_KEY: 'nu18-secret-0123456789', XDG_STATE_HOME: out };
  const r = await run(ADVISOR, ['transcript', 'irc:carol', d.wsUrl, '-o', out], { env });
  assert.equal(r.code, 0, r.stderr);
  const saved = readdirSync(out).filter((f) => f.endsWith('.json'));
  assert.equal(saved.length, 1, r.stdout);
  const v = await run('minisign', ['-Vm', join(out, saved[0]), '-p', join(out, 'advisord.pub')]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /conversation=irc:carol/, v.stdout);
});
