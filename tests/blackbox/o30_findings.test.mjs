// SPDX-License-Identifier: ISC
// Findings of the sixth session's new-user and hostile testers (o30):
// refused resumes an operator could not see, welcome.limits members
// PROTOCOL.md did not name, HEAD on the probes answered 405, a
// file-descriptor warning at the default start nobody could act on, and
// unmasked client frames (RFC 6455 5.1) accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, Daemon, ROOT, assertCleanLog, connect, frameJson, rawSocket, rawWs } from './lib.mjs';

// ---- 1. a refused resume is logged and counted ----------------------------

test('a refused resume (wrong token, unknown conversation, resume rate) is logged with its reason and peer, never the token, and counted by reason', async (t) => {
  const d = await new Daemon(['--rate-resume', '1', '--rate-resume-burst', '1']).start();
  t.after(() => d.stop());
  const a = await connect(d.wsUrl);
  const { conversation, token } = (await a.turn(a.request({ type: 'hello' })))[0];
  a.terminate();
  const wrong = 'f'.repeat(64);

  const b = await connect(d.wsUrl);
  const bad = await b.turn(b.request({ type: 'hello', resume: { conversation, token: wrong } }));
  assert.equal(bad.find((m) => m.type === 'error')?.code, 'bad_token', JSON.stringify(bad));
  assert.ok(await d.waitLog(new RegExp(`conversation \\S*${conversation}: resume refused: bad_token \\(conn \\d+ 127\\.0\\.0\\.1\\)`)), d.log.slice(-2000));
  b.terminate();

  const c = await connect(d.wsUrl);
  const unknown = await c.turn(c.request({ type: 'hello', resume: { conversation: 'c-00000000000000000000', token } }));
  assert.equal(unknown.find((m) => m.type === 'error')?.code, 'unknown_conversation', JSON.stringify(unknown));
  assert.ok(await d.waitLog(/conversation \S*c-00000000000000000000: resume refused: unknown_conversation \(conn \d+ 127\.0\.0\.1\)/), d.log.slice(-2000));
  c.terminate();

  // the owner's resume takes the burst of one; a second at once is held
  const e = await connect(d.wsUrl);
  const ok = await e.turn(e.request({ type: 'hello', resume: { conversation, token } }));
  assert.equal(ok.at(-1).type, 'resumed', JSON.stringify(ok.map((m) => m.type)));
  const again = await e.turn(e.request({ type: 'resume', conversation, token, last_seq: 0 }));
  assert.equal(again.find((m) => m.type === 'error')?.code, 'rate_limited', JSON.stringify(again));
  assert.ok(await d.waitLog(new RegExp(`conversation \\S*${conversation}: resume refused: rate_resume \\(conn \\d+ 127\\.0\\.0\\.1\\)`)), d.log.slice(-2000));
  e.close();

  assert.ok(!d.log.includes(token), 'the token is not in the log');
  assert.ok(!d.log.includes(wrong), 'nor the wrong one');
  const m = await (await fetch(`${d.url}/metrics`)).text();
  for (const [reason, n] of [['bad_token', 1], ['unknown_conversation', 1], ['rate_resume', 1], ['missing_token', 0]])
    assert.match(m, new RegExp(`^advisord_resumes_refused_total\\{reason="${reason}"\\} ${n}$`, 'm'));
  assertCleanLog(d);
});

// ---- 2. every welcome.limits member is in PROTOCOL.md's table -------------

// The limits table of PROTOCOL.md 6.1: "group.member" (or "member" for the
// top-level ones) of every row, with its unit cell.  A row with an empty
// group continues the one above.
function documentedLimits() {
  const doc = readFileSync(join(ROOT, 'protocol', 'PROTOCOL.md'), 'utf8');
  const at = doc.indexOf('| group | member | unit | limit |');
  assert.ok(at > 0, 'PROTOCOL.md 6.1 has the limits table (group, member, unit, limit)');
  const rows = doc.slice(at).split('\n\n')[0].split('\n').slice(2);
  const out = new Map();
  let group = null;
  for (const row of rows) {
    const cells = row.split('|').slice(1, -1).map((c) => c.trim());
    assert.equal(cells.length, 4, `a row of four cells: ${row}`);
    if (cells[0] !== '') group = cells[0] === 'top level' ? '' : cells[0].replace(/`/g, '');
    assert.notEqual(cells[2], '', `a unit for ${cells[1]}`);
    for (const m of cells[1].matchAll(/`(\w+)`/g)) out.set(group ? `${group}.${m[1]}` : m[1], cells[2]);
  }
  return out;
}

test('PROTOCOL.md 6.1 names every welcome.limits member the daemon sends (group and member, with a unit), and no other', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const c = await connect(d.wsUrl);
  const limits = (await c.turn(c.request({ type: 'hello' })))[0].limits;
  c.close();
  const sent = [];
  for (const [k, v] of Object.entries(limits)) {
    if (v !== null && typeof v === 'object') for (const m of Object.keys(v)) sent.push(`${k}.${m}`);
    else sent.push(k);
  }
  assert.ok(sent.length >= 40, `${sent.length} members sent`);
  const doc = documentedLimits();
  assert.deepEqual(sent.filter((m) => !doc.has(m)), [], 'members the daemon sends that PROTOCOL.md 6.1 does not name');
  assert.deepEqual([...doc.keys()].filter((m) => !sent.includes(m)), [], 'members PROTOCOL.md 6.1 names that the daemon does not send');
});

// ---- 4. HEAD on the probes and the page -----------------------------------

// HEAD path, then (once its head is in) GET /healthz on the same
// connection, closed after it: { head, rest } of what came back.  A HEAD
// answered with a body would put the body before the GET's status line.
async function headThenGet(port, path) {
  const s = await rawSocket(port);
  let buf = '';
  let sentGet = false;
  return new Promise((res, rej) => {
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const i = buf.indexOf('\r\n\r\n');
      if (i >= 0 && !sentGet) {
        sentGet = true;
        s.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      }
    });
    s.on('close', () => {
      const i = buf.indexOf('\r\n\r\n');
      res({ head: buf.slice(0, i), rest: buf.slice(i + 4) });
    });
    s.on('error', rej);
    s.write(`HEAD ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  });
}

test('HEAD on /healthz, /readyz and the page answers as GET does (status, type, length), without a body (RFC 9110 9.3.2)', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  for (const path of ['/healthz', '/readyz', '/']) {
    const get = await fetch(`${d.url}${path}`);
    const body = Buffer.from(await get.arrayBuffer());
    const { head, rest } = await headThenGet(d.port, path);
    assert.match(head, new RegExp(`^HTTP/1\\.1 ${get.status} `), `HEAD ${path}: ${head.split('\r\n')[0]}`);
    assert.match(head, new RegExp(`\\r\\ncontent-type: ${get.headers.get('content-type').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r\\n`, 'i'), `HEAD ${path} says GET's type:\n${head}`);
    assert.match(head, new RegExp(`\\r\\ncontent-length: ${body.length}\\r\\n`, 'i'), `HEAD ${path} says GET's length:\n${head}`);
    assert.match(rest, /^HTTP\/1\.1 200 /, `HEAD ${path} sent no body: what followed its head was ${JSON.stringify(rest.slice(0, 80))}`);
    assert.ok(rest.endsWith('ok\n'), 'the GET after it was answered');
  }
  // not counted as refused any more
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /^advisord_refusals_total\{reason="method"\} 0$/m);
  assertCleanLog(d);
});

// ---- 5. the file-descriptor line at the default start ----------------------

// A machine whose hard open-files limit (20000 here) is below what the
// built-in max_connections (20000) takes with its reserve (20072): the
// default start warned, and a new user could do nothing about it (nor
// needs to: nothing was configured).  It is said at info level, with what
// to set; a bound the operator set that does not fit, or a limit below
// what one address may hold, is still a warning, saying what to set.
test('the open-files limit: no warning at the default start, a warning saying what to set when a configured bound needs more', async (t) => {
  const start = async (nofile, extra = []) => {
    const d = await new Daemon([`--nofile=${nofile}:${nofile}`, ADVISORD, ...extra], {}, { binary: 'prlimit' }).start();
    t.after(() => d.stop());
    return d;
  };
  const quiet = await start(20000);
  assert.doesNotMatch(quiet.log, /warning: .*file descriptors/, quiet.log.split('\n')[0]);
  assert.match(quiet.log, /info: max_connections 20000 needs 20072 file descriptors, but the limit is 20000 .*holding connections to 19928 .*set LimitNOFILE=20072 in the systemd unit, or run ulimit -n 20072 before starting it/);

  const set = await start(20000, ['--max-connections', '20000']);
  assert.match(set.log, /warning: max_connections 20000 needs 20072 file descriptors, but the limit is 20000 .*holding connections to 19928; .*set LimitNOFILE=20072 in the systemd unit, or run ulimit -n 20072 before starting it/);

  const small = await start(100);
  assert.match(small.log, /warning: max_connections 20000 needs 20072 file descriptors, but the limit is 100 .*holding connections to 28 .*LimitNOFILE=20072/);
  for (const d of [quiet, set, small]) assertCleanLog(d);
});
