// SPDX-License-Identifier: ISC
// The foundation: command line, configuration check, start, serve, stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import { ADVISORD, ADVISOR, ROOT, Daemon, connect, run, tempDir } from './lib.mjs';

test('--help prints usage and every setting, exit 0', async () => {
  const r = await run(ADVISORD, ['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: advisord/);
  for (const flag of ['--listen', '--kb-dir', '--max-message-bytes', '--check', '--config']) {
    assert.ok(r.stdout.includes(flag), `help mentions ${flag}`);
  }
});

test('--version prints the version, exit 0', async () => {
  const r = await run(ADVISORD, ['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^advisord \d+\.\d+\.\d+ \(protocol advisor\.v1\)\n$/);
});

test('an unknown flag is a one-line error plus usage on stderr, exit 2', async () => {
  const r = await run(ADVISORD, ['--frobnicate']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines[0], "advisord: unknown option '--frobnicate'");
  assert.match(lines[1], /^usage: advisord/);
  assert.equal(lines.length, 2);
});

test('a flag without its value is a usage error, exit 2', async () => {
  const r = await run(ADVISORD, ['--listen']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /option '--listen' needs a value/);
});

test('-n with the embedded defaults says configuration OK', async () => {
  const r = await run(ADVISORD, ['-n']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /configuration OK/);
});

test('-n reports every error of a bad file as file:line, exit 1', async () => {
  const dir = tempDir();
  const conf = join(dir, 'bad.conf');
  writeFileSync(conf, 'listen = here\nmax_message_bytes = -5\nwhatever = 1\n');
  try {
    const r = await run(ADVISORD, ['-n', '-c', conf]);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`${conf}:1: 'listen': invalid address 'here'`), r.stderr);
    assert.ok(r.stderr.includes(`${conf}:2: 'max_message_bytes': -5 out of range`), r.stderr);
    assert.ok(r.stderr.includes(`${conf}:3: unknown setting 'whatever'`), r.stderr);
    assert.doesNotMatch(r.stdout, /configuration OK/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('advisor (client tool) without arguments prints usage, exit 2', async () => {
  const r = await run(ADVISOR, []);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /usage: advisor/);
});

test('serves the web client at / and answers hello with welcome, with and without subprotocol', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());

  const res = await fetch(`${d.url}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
  assert.match(await res.text(), /<html/);

  const health = await fetch(`${d.url}/healthz`);
  assert.equal(health.status, 200);

  for (const protocol of ['advisor.v1', null]) {
    const c = await connect(d.wsUrl, { protocol });
    const id = c.request({ type: 'hello', protocol: 'advisor.v1' });
    const turn = await c.turn(id);
    const w = turn[0];
    assert.equal(w.type, 'welcome', `subprotocol ${protocol}`);
    assert.equal(w.protocol, 'advisor.v1');
    assert.equal(turn.at(-1).done, true);
    assert.equal(turn.at(-1).type, 'question');
    c.close();
  }
});

// One GET on a kept-alive connection, resolving to [status, headers, body, reused].
function get(agent, port, path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      const chunks = [];
      res.on('data', (b) => chunks.push(b));
      res.on('end', () => resolve([res.statusCode, res.headers, Buffer.concat(chunks), req.reusedSocket]));
    });
    req.on('error', reject);
  });
}

// Regression: with the lws "default" pvo, the second request on a kept-alive
// connection was answered with the first file again.
test('every static file and endpoint is right on one kept-alive connection', async (t) => {
  const d = await new Daemon().start();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => { agent.destroy(); return d.stop(); });
  const web = join(ROOT, 'build', 'web'); // both builds serve it
  const files = readdirSync(web).filter((f) => !f.startsWith('.') && statSync(join(web, f)).isFile());
  assert.ok(files.includes('index.html'), 'the web client is built');
  let reused = 0;
  for (const round of [0, 1]) {
    for (const f of files) {
      const [status, , body, r] = await get(agent, d.port, `/${f}`);
      assert.equal(status, 200, `/${f} (round ${round})`);
      assert.ok(body.equals(readFileSync(join(web, f))), `/${f} has its own content (round ${round})`);
      reused += r ? 1 : 0;
    }
    const [status, headers, body] = await get(agent, d.port, '/healthz');
    assert.equal(status, 200);
    assert.match(headers['content-type'], /text\/plain/);
    assert.equal(body.toString().trim(), 'ok');
  }
  assert.ok(reused >= files.length, `requests shared a connection (${reused} reused)`);
});

test('a config file given with -c is used', async (t) => {
  const dir = tempDir();
  const conf = join(dir, 'advisord.conf');
  writeFileSync(conf, '# test configuration\nlisten = 127.0.0.1:0\nlog_level = debug\n');
  const d = await new Daemon(['-c', conf]).start();
  t.after(async () => { await d.stop(); rmSync(dir, { recursive: true, force: true }); });
  const res = await fetch(`${d.url}/healthz`);
  assert.equal(res.status, 200);
});

test('SIGTERM stops the daemon with exit status 0', async () => {
  const d = await new Daemon().start();
  const c = await connect(d.wsUrl);
  const closed = c.waitClose(8000);
  const st = await d.stop();
  assert.deepEqual(st, { code: 0, signal: null });
  const cl = await closed;
  assert.equal(cl.code, 1001, 'clients are told the server is going away');
});

test('logs carry the syslog priority prefix when stderr is the journal', async () => {
  const d = await new Daemon([], { JOURNAL_STREAM: '8:12345' }).start();
  await d.stop();
  const lines = d.log.trim().split('\n');
  assert.ok(lines.length > 0);
  for (const l of lines) assert.match(l, /^<[0-7]>/, l);
  assert.ok(lines.some((l) => /^<6>listening on 127\.0\.0\.1:\d+/.test(l)));

  const p = await new Daemon().start();
  await p.stop();
  assert.match(p.log, /^advisord: info: listening on/m);
});
