// SPDX-License-Identifier: ISC
// Operating the daemon: the address it really binds, HTTP endpoints,
// SIGHUP reloads (good and broken knowledge bases), SIGTERM drain, expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, ROOT, browser, connect, listening, sleep, tempDir } from './lib.mjs';

test('told to listen on 127.0.0.1, it listens there and nowhere else', async (t) => {
  const d = await new Daemon(['--listen', '127.0.0.1:0']).start();
  t.after(() => d.stop());
  const addrs = await listening(d.port);
  assert.deepEqual(addrs, [`127.0.0.1:${d.port}`]);
});

test('several listen addresses, IPv4 and IPv6 loopback, each bound exactly', async (t) => {
  const d = await new Daemon(['--listen', '127.0.0.1:0', '--listen', '[::1]:0']).start();
  t.after(() => d.stop());
  assert.equal(d.addresses.length, 2);
  const v4 = await listening(d.addresses[0].port);
  const v6 = await listening(d.addresses[1].port);
  assert.deepEqual(v4, [`127.0.0.1:${d.addresses[0].port}`]);
  assert.deepEqual(v6, [`[::1]:${d.addresses[1].port}`]);
  const res = await fetch(`http://[::1]:${d.addresses[1].port}/healthz`);
  assert.equal(res.status, 200);
});

test('/healthz, /readyz, /metrics and /pubkey', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { c, conv } = await browser(d);
  await conv.say('I want to target WebAssembly in the browser, and I am a C++ systems programmer');
  const ready = await (await fetch(`${d.url}/readyz`)).json();
  assert.equal(ready.status, 'ready');
  assert.equal(ready.kb.id, 'rust-vs-go-2026');
  assert.match(ready.kb.hash, /^[0-9a-f]{64}$/);
  const m = await (await fetch(`${d.url}/metrics`)).text();
  for (const re of [/^advisord_connections 1$/m, /^advisord_conversations 1$/m,
    /^advisord_messages_in_total\{type="say"\} 1$/m, /^advisord_messages_out_total\{type="recommendation"\} 1$/m,
    /^advisord_verdicts_total\{verdict="rust"\} 1$/m, /^advisord_turn_seconds_count 2$/m, // hello and say
    /^advisord_reloads_total\{result="ok"\} 0$/m, /^# TYPE advisord_turn_seconds histogram$/m])
    assert.match(m, re);
  const pub = await (await fetch(`${d.url}/pubkey`)).text();
  assert.match(pub, /^untrusted comment: minisign public key [0-9A-F]{16}\nRW[A-Za-z0-9+/]{54}\n$/);
  const nf = await fetch(`${d.url}/nope`);
  assert.equal(nf.status, 404);
  // the endpoint without an upgrade: not "not found", but what it wants
  const plain = await fetch(`${d.url}/ws`);
  assert.equal(plain.status, 400);
  assert.match(await plain.text(), /\/ws is the WebSocket endpoint \(subprotocol advisor\.v1\)/);
  c.close();
});

function kbCopy() {
  const dir = tempDir('advisord-kb-');
  cpSync(join(ROOT, 'knowledge', 'rust-vs-go-2026'), dir, { recursive: true });
  return dir;
}

test('SIGHUP with a good knowledge base swaps it; conversations in flight go on', async (t) => {
  const kb = kbCopy();
  const d = await new Daemon(['--kb-dir', kb]).start();
  t.after(async () => { await d.stop(); rmSync(kb, { recursive: true, force: true }); });
  const before = (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;
  const { c, conv } = await browser(d);
  await conv.choose('building', 'apis');
  // an edit: one claim's wording
  const f = join(kb, 'claims.json');
  writeFileSync(f, readFileSync(f, 'utf8').replace('Pingora, its proxy', 'Pingora, its reverse proxy'));
  d.kill('SIGHUP');
  let after = before;
  // a reload loads the whole knowledge base: seconds under the sanitizers
  for (let i = 0; i < 300 && after === before; i++) {
    await sleep(50);
    after = (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;
  }
  assert.notEqual(after, before);
  // the log is a pipe of its own: the line may come after /readyz says so
  await d.waitLog(/reload: knowledge base rust-vs-go-2026/);
  assert.match(d.log, /reload: knowledge base rust-vs-go-2026/);
  const turn = await conv.say('What is Pingora?');
  assert.equal(turn[0].type, 'answer');
  const fresh = await browser(d);
  assert.equal(fresh.welcome.kb.hash, after);
  fresh.c.close();
  c.close();
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /advisord_reloads_total\{result="ok"\} 1/);
});

test('SIGHUP with a broken knowledge base keeps the old one and says why', async (t) => {
  const kb = kbCopy();
  const d = await new Daemon(['--kb-dir', kb]).start();
  t.after(async () => { await d.stop(); rmSync(kb, { recursive: true, force: true }); });
  const before = (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;
  const { c, conv } = await browser(d);
  const f = join(kb, 'claims.json');
  writeFileSync(f, readFileSync(f, 'utf8').replace('"source": "so-survey-2025"', '"source": "no-such-source"'));
  d.kill('SIGHUP');
  // both lines: the summary and the error it lists (logged one after the other)
  for (let i = 0; i < 200 && !(/rejected/.test(d.log) && /unknown source/.test(d.log)); i++) await sleep(50);
  assert.match(d.log, /reload: knowledge base .* rejected/);
  assert.match(d.log, /unknown source 'no-such-source'/);
  const now = (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;
  assert.equal(now, before);
  const turn = await conv.say('What is Pingora?');
  assert.equal(turn[0].type, 'answer');
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /advisord_reloads_total\{result="failed"\} 1/);
  c.close();
});

test('SIGHUP with many knowledge base errors logs the first ones and says how many more', async (t) => {
  const kb = kbCopy();
  const d = await new Daemon(['--kb-dir', kb]).start();
  t.after(async () => { await d.stop(); rmSync(kb, { recursive: true, force: true }); });
  // every claim cites a source that does not exist
  const f = join(kb, 'claims.json');
  writeFileSync(f, readFileSync(f, 'utf8').replaceAll('"source": "', '"source": "no-such-'));
  d.kill('SIGHUP');
  await d.waitLog(/not logged|reload: knowledge base .* rejected \(1 error\)/);
  const total = Number(d.log.match(/reload: knowledge base .* rejected \((\d+) errors?\)/)[1]);
  assert.ok(total > 20, `one error per claim at least (${total})`);
  const shown = d.log.split('\n').filter((l) => /reload: (claims|sources|topics|sections|table|lexicon|dialogue|kb)\.json/.test(l));
  assert.equal(shown.length, 20);
  assert.match(d.log, new RegExp(`reload: \\.\\.\\. and ${total - 20} more not logged \\(at most 20 are\\); \`advisord -n\` lists every one`));
});

test('SIGHUP with a knowledge base missing sources.json: the daemon lives on and names that file', async (t) => {
  // every claim then cites an unknown source; the loader used to write past
  // its arrays doing so, and crash the running daemon
  const kb = kbCopy();
  const d = await new Daemon(['--kb-dir', kb]).start();
  t.after(async () => { await d.stop(); rmSync(kb, { recursive: true, force: true }); });
  rmSync(join(kb, 'sources.json'));
  d.kill('SIGHUP');
  // both lines: the summary and the file it names (logged one after the other)
  for (let i = 0; i < 200 && !(/rejected/.test(d.log) && /reload: sources\.json/.test(d.log)) && !d.exited; i++) await sleep(50);
  assert.equal(d.exited, null, `the daemon exited:\n${d.log}`);
  assert.match(d.log, /reload: knowledge base .* rejected \(1 error\)/);
  assert.match(d.log, /reload: sources\.json: cannot open: No such file or directory/);
  assert.equal((await fetch(`${d.url}/readyz`)).status, 200);
});

test('SIGHUP names the restart-only settings a configuration edit changed, and keeps them', async (t) => {
  const dir = tempDir('advisord-conf-');
  const conf = join(dir, 'advisord.conf');
  writeFileSync(conf, 'metrics_listen = 127.0.0.1:0\nlog_level = info\n');
  const d = await new Daemon(['-c', conf]).start();
  t.after(async () => { await d.stop(); rmSync(dir, { recursive: true, force: true }); });
  assert.equal((await fetch(`${d.url}/metrics`)).status, 404);
  // an edit that changes nothing fixed at start: no such warning
  writeFileSync(conf, 'metrics_listen = 127.0.0.1:0\nlog_level = info\nmax_connections_per_ip = 50\n');
  d.kill('SIGHUP');
  await d.waitLog(/configuration applied/);
  assert.match(d.log, /configuration applied/);
  assert.doesNotMatch(d.log, /applied only at a restart/);
  // metrics_listen removed and web_root moved: both named, neither taken
  writeFileSync(conf, `log_level = info\nweb_root = ${dir}\n`);
  d.kill('SIGHUP');
  await d.waitLog(/applied only at a restart \(the running values are kept\): .*\n/);
  assert.match(d.log, /reload: changed, but applied only at a restart \(the running values are kept\): metrics_listen, web_root\n/);
  assert.equal((await fetch(`${d.url}/metrics`)).status, 404);
  assert.equal((await fetch(`${d.url}/`)).status, 200);
});

test('SIGTERM drains: queued replies are written, clients get 1001, exit 0', async () => {
  const d = await new Daemon().start();
  const a = await browser(d);
  const b = await browser(d);
  const id = a.c.request({ type: 'say', text: 'I write microcontroller firmware.' });
  const turn = a.c.turn(id);
  const closedA = a.c.waitClose(8000);
  const closedB = b.c.waitClose(8000);
  await sleep(20);
  const st = await d.stop();
  assert.deepEqual(st, { code: 0, signal: null });
  const t = await turn.catch(() => null);
  assert.ok(t === null || t.at(-1).done, 'a turn is whole or not begun');
  assert.equal((await closedA).code, 1001);
  assert.equal((await closedB).code, 1001);
  assert.match(d.log, /draining 2 connections/);
});

test('idle conversations expire', async (t) => {
  const d = await new Daemon(['--idle-timeout', '1']).start();
  t.after(() => d.stop());
  const { c, conv } = await browser(d);
  await conv.choose('building', 'kernel');
  const m = await c.next((x) => x.type === 'error' && x.code === 'expired', 6000);
  assert.ok(m.conversation);
  const again = await c.turn(c.request({ type: 'say', text: 'hello' }));
  assert.equal(again[0].code, 'unknown_conversation');
  // hello starts a new one
  const h = await c.turn(c.request({ type: 'hello' }));
  assert.notEqual(h[0].conversation, m.conversation);
  c.close();
});

test('a config file with every kind of setting is checked with -n', async () => {
  const dir = tempDir();
  const conf = join(dir, 'advisord.conf');
  writeFileSync(conf, [
    'listen = 127.0.0.1:0',
    'listen = [::1]:0',
    'allowed_origin = https://chat.example.org',
    'api_key = bridge:0123456789abcdef0123456789',
    `kb_dir = ${join(ROOT, 'knowledge', 'rust-vs-go-2026')}`,
    `state_dir = ${dir}/state`,
    'log_level = info',
    'sync = end',
    'max_message_bytes = 32768',
    'idle_timeout = 600',
    'retention_days = 30',
    '',
  ].join('\n'));
  const { run, ADVISORD } = await import('./lib.mjs');
  const r = await run(ADVISORD, ['-n', '-c', conf]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /configuration OK/);
  const d = await new Daemon(['-c', conf]).start();
  const c = await connect(d.wsUrl, { origin: 'https://chat.example.org' });
  c.close();
  await d.stop();
  rmSync(dir, { recursive: true, force: true });
});
