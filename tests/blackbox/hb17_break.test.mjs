// SPDX-License-Identifier: ISC
// Hostile review hb17 of the PostgreSQL pieces merged for issue 17: final
// transcripts in advisord_final served by any instance, the import of a
// local journal's open conversations, the second-writer check.  Each
// finding is a test marked todo while it fails (HB17_FINDINGS.md); the
// attacks that held are plain tests.  Each test starts its own cluster
// (pg.mjs) and instances on free loopback ports; the slow ones run with
// HB17_BREAK=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Daemon, connect, browser, tempDir, sleep } from './lib.mjs';
import { pgBin, cluster, verifiedRecords, askFinal, resumeOn, instancePair, postMessage } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';
const slow = skip || (process.env.HB17_BREAK ? false : 'slow: HB17_BREAK=1 runs it');
const KEY = 'hb17-bot-secret-0123456789abcdef';
const KEY2 = 'hb17-other-secret-0123456789abcd';
const work = tempDir('advisord-hb17-work-');

// The arguments of an instance on pg (state directory given, so that it
// survives a restart), signing with key when given.
function args(pg, state, key, extra = []) {
  return ['--store', pg.conninfo, '--store-lease', '3', '--api-key', `bot:${KEY}`, '--api-key', `other:${KEY2}`,
    '--http-api', '1', '--state-dir', state, ...(key ? ['--signing-key', key] : []), ...extra];
}

function two(t, pg, extra = []) {
  return instancePair(t, 'advisord-hb17', (state, key) => args(pg, state, key, extra));
}


function post(d, name, body, key = KEY) {
  return postMessage(d, name, body, key);
}

// An HTTP answer from an instance that no longer holds the conversation:
// busy (another holds the lease), or its stale copy fenced out.
function movedOrBusy(r) {
  const m = r.body.messages.at(-1);
  return (r.status === 503 && m.code === 'conversation_busy')
    || (r.status === 500 && m.code === 'storage_failed' && /another instance serves/.test(m.message));
}

async function until(f, tries = 200) {
  let v;
  for (let i = 0; i < tries; i++) {
    v = await f();
    if (v) return v;
    await sleep(100);
  }
  return v;
}

test('HB17-1: an end the client was told of (ended) whose transcript could not be made or stored (a disk error) is still signed "complete" (by the orphan sweep of an instance) and returned by any instance, as the client and the log are told',
  { skip }, async (t) => {
    const pg = await cluster(t);
    // idle 60 s, not 4: the conversation must live from its say to its end,
    // which a loaded CI stalled past 4 s (an ended one is swept at once)
    const { a, b, sa, key } = await two(t, pg, ['--idle-timeout', '60']);
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    const name = br.welcome.conversation;
    // the transcripts directory fails under A (an I/O error, a full disk)
    const tdir = join(sa, 'transcripts');
    renameSync(tdir, `${tdir}.away`);
    const end = await br.conv.send({ type: 'end' }, 15000);
    assert.equal(end[0].code, 'internal', JSON.stringify(end));
    assert.match(end[0].message, /recorded in the shared store.*ask for it then with transcript/, 'the client is told where it went');
    br.c.close();
    // the client was told ended; the log says what happens to it (not "the journal keeps it");
    // stderr may arrive after the reply
    const told = /storing it failed; its end is recorded in the shared store/;
    await until(() => told.test(a.log) || null, 100);
    assert.match(a.log, told);
    // the disk is back; A is restarted on the same state directory, as the log says to
    await a.stop();
    renameSync(`${tdir}.away`, tdir);
    const a2 = await new Daemon(args(pg, sa, key, ['--idle-timeout', '4'])).start();
    t.after(() => a2.stop());
    for (const d of [a2, b]) {
      const got = await until(async () => {
        const m = await askFinal(d, name, { token: br.welcome.token });
        return m.type === 'transcript' ? m : null;
      }, 100) ?? await askFinal(d, name, { token: br.welcome.token });
      assert.equal(got.type, 'transcript', `${JSON.stringify(got)}\n${a2.log}`);
      assert.equal(got.status, 'complete', 'the user ended it, and was told so');
      await verifiedRecords(d, work, got, `hb17-1-${d.port}.json`);
    }
  });

test('HB17-2: an integration name reused: while the new conversation is open on A, B does not answer a transcript request with the old conversation\'s final transcript as if the new one had ended',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const name = 'hb17:reused';
    assert.equal((await post(a, name, { type: 'open' })).status, 200);
    assert.equal((await post(a, name, { type: 'say', text: 'What is Pingora?' })).status, 200);
    const end1 = await post(a, name, { type: 'end' });
    assert.equal(end1.status, 200, JSON.stringify(end1.body));
    const old = end1.body.messages.find((m) => m.type === 'transcript');
    // the same name opened again, a turn, still open on A
    const open2 = await post(a, name, { type: 'open' });
    assert.equal(open2.status, 200, JSON.stringify(open2.body));
    assert.equal((await post(a, name, { type: 'say', text: 'why?' })).status, 200);
    const got = await post(b, name, { type: 'transcript' });
    const m = got.body.messages.at(-1);
    assert.ok(!(m.type === 'transcript' && m.content === old.content),
      `B answered the open conversation with the final transcript of the one before (status ${m.status}, done ${m.done})`);
    // it is open on A, which is alive: B would take it over (HB17-4), and says busy until A's lease runs out;
    // or A let it lapse first (idle for a lease, F7; seen with the request 7 s late): B takes it over
    // here and answers with the open one's transcript, the turn just said in it
    if (m.code !== 'conversation_busy' || got.status !== 503) {
      assert.equal(got.status, 200, JSON.stringify(got.body));
      assert.ok(m.type === 'transcript' && JSON.parse(m.content).records.some((x) => x.msg?.text === 'why?'), JSON.stringify(m).slice(0, 300));
    }
    // once the second has ended, B returns the second's (after a take-over by B, A's stale copy is
    // fenced out, 500 storage_failed, then A says busy until B lets it lapse)
    let end2 = await post(a, name, { type: 'end' });
    for (let i = 0; i < 40 && movedOrBusy(end2); i++) {
      await sleep(end2.body.messages.at(-1).retry_after_ms ?? 500);
      end2 = await post(a, name, { type: 'end' });
    }
    const cur = end2.body.messages.find((x) => x.type === 'transcript');
    // (A's commit of the end may hold the row a moment: busy, retry_after_ms, as a client would)
    let got2 = await post(b, name, { type: 'transcript' });
    for (let i = 0; i < 20 && got2.status === 503 && got2.body.messages.at(-1).code === 'conversation_busy'; i++) {
      await sleep(got2.body.messages.at(-1).retry_after_ms ?? 500);
      got2 = await post(b, name, { type: 'transcript' });
    }
    assert.equal(got2.status, 200, JSON.stringify(got2.body));
    assert.equal(got2.body.messages.at(-1).content, cur.content);
  });

test('HB17-3: no resume token is stored in clear in PostgreSQL (a reader of the database, a backup, cannot take a conversation over); the token still resumes it on another instance, a wrong one does not',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    const tok = br.welcome.token;
    const name = br.welcome.conversation;
    assert.match(tok, /^[0-9a-f]{16,}$/);
    const inConv = await pg.psql(`SELECT count(*) FROM advisord_conv WHERE meta LIKE '%${tok}%'`);
    const inRec = await pg.psql(`SELECT count(*) FROM advisord_rec WHERE data LIKE '%${tok}%'`);
    br.c.close();
    assert.deepEqual({ inConv, inRec }, { inConv: '0', inRec: '0' }, 'the token is readable in the database');
    // what is kept is its SHA-256, as in advisord_final
    const sha = createHash('sha256').update(tok).digest('hex');
    assert.equal(await pg.psql(`SELECT count(*) FROM advisord_conv WHERE meta LIKE '%${sha}%'`), '1');
    // A dies: on B the hash alone is known; a wrong token is refused, the token takes it over
    a.kill('SIGKILL');
    const wrong = await resumeOn(b, { conversation: name, token: 'f'.repeat(64), last_seq: 0 });
    wrong.c.close();
    assert.equal(wrong.turn.at(-1).code, 'bad_token', JSON.stringify(wrong.turn));
    const { c, turn } = await resumeOn(b, { conversation: name, token: tok, last_seq: 0 });
    const resumed = turn.at(-1);
    assert.equal(resumed.type, 'resumed', JSON.stringify(turn));
    assert.equal(resumed.token, tok, 'resumed gives the token back unchanged');
    const more = await c.turn(c.request({ type: 'say', conversation: name, text: 'why?' }));
    assert.ok(more.some((m) => m.seq === resumed.last_seq + 1), JSON.stringify(more));
    c.close();
  });

test('HB17-3: a conversation whose meta an older version stored with the token in clear is rewritten with its hash at the next start, and still resumes with its token',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b, sb, key } = await two(t, pg);
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    const tok = br.welcome.token;
    const name = br.welcome.conversation;
    br.c.close();
    // the meta line as an older version wrote it
    const meta = JSON.parse(await pg.psql('SELECT meta FROM advisord_conv'));
    assert.ok(meta.token_sha256 && !meta.token, JSON.stringify(meta));
    const old = { ...meta, token: tok };
    delete old.token_sha256;
    await pg.psql(`UPDATE advisord_conv SET meta = '${JSON.stringify(old)}'`);
    a.kill('SIGKILL');
    // B takes it over from the old line: the token is compared by its hash
    const { c, turn } = await resumeOn(b, { conversation: name, token: tok, last_seq: 0 });
    c.close();
    assert.equal(turn.at(-1).type, 'resumed', JSON.stringify(turn));
    // an instance starting (an upgrade) rewrites such lines
    await pg.psql(`UPDATE advisord_conv SET meta = '${JSON.stringify(old)}'`);
    await b.stop();
    const b2 = await new Daemon(args(pg, sb, key)).start();
    t.after(() => b2.stop());
    assert.equal(await pg.psql(`SELECT count(*) FROM advisord_conv WHERE meta LIKE '%${tok}%'`), '0');
    const now = JSON.parse(await pg.psql('SELECT meta FROM advisord_conv'));
    assert.equal(now.token_sha256, createHash('sha256').update(tok).digest('hex'));
  });

test('HB17-3: an integration that takes its conversation over without its token goes on; resumed leaves out the token it cannot know (the store keeps its hash), and gives it back once presented',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const headers = { Authorization: `Bearer ${KEY}` };
    const ia = await connect(a.wsUrl, { headers });
    await ia.turn(ia.request({ type: 'hello' }));
    const name = 'hb17:tokenless';
    const op = await ia.turn(ia.request({ type: 'open', conversation: name }));
    const tok = op[0].token;
    assert.match(tok, /^[0-9a-f]{64}$/, JSON.stringify(op));
    const said = await ia.turn(ia.request({ type: 'say', conversation: name, text: 'What is Pingora?' }));
    const last = Math.max(...said.filter((m) => m.seq !== undefined).map((m) => m.seq));
    a.kill('SIGKILL');
    const r = await resumeOn(b, { integration: true, headers, conversation: name, last_seq: last });
    const resumed = r.turn.at(-1);
    assert.equal(resumed.type, 'resumed', JSON.stringify(r.turn));
    assert.equal(resumed.token, undefined, 'B knows only the hash');
    const more = await r.c.turn(r.c.request({ type: 'say', conversation: name, text: 'why?' }));
    assert.ok(more.some((m) => m.seq === resumed.last_seq + 1), JSON.stringify(more));
    r.c.close();
    // presented once, the token is known again and given back
    const seen = Math.max(...more.filter((m) => m.seq !== undefined).map((m) => m.seq));
    const r2 = await resumeOn(b, { integration: true, headers, conversation: name, token: tok, last_seq: seen });
    r2.c.close();
    assert.equal(r2.turn.at(-1).token, tok, JSON.stringify(r2.turn.at(-1)));
  });

// A transcript request on a new integration connection to d (WebSocket): its last message.
async function askWs(d, name, key = KEY) {
  const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${key}` } });
  await c.turn(c.request({ type: 'hello' }));
  const turn = await c.turn(c.request({ type: 'transcript', conversation: name }), 15000);
  c.close();
  return turn.at(-1);
}

test('HB17-2: the final transcript an instance keeps in memory is not returned while its name is open again on another instance; once that one ends, the newer one is; kept but not in PostgreSQL, it is still returned',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const name = 'hb17:kept';
    // ended on A over WebSocket: A keeps its final transcript in memory
    const ia = await connect(a.wsUrl, { headers: { Authorization: `Bearer ${KEY}` } });
    await ia.turn(ia.request({ type: 'hello' }));
    await ia.turn(ia.request({ type: 'open', conversation: name }));
    await ia.turn(ia.request({ type: 'say', conversation: name, text: 'What is Pingora?' }));
    const end1 = await ia.turn(ia.request({ type: 'end', conversation: name }));
    ia.close();
    const old = end1.find((m) => m.type === 'transcript');
    assert.ok(old, JSON.stringify(end1));
    assert.equal((await askWs(a, name)).content, old.content, 'A returns it while nothing of that name is open');
    // the integration opens the name again, on B (the balancer)
    assert.equal((await post(b, name, { type: 'open' })).status, 200);
    assert.equal((await post(b, name, { type: 'say', text: 'why?' })).status, 200);
    const m = await askWs(a, name);
    assert.ok(!(m.type === 'transcript' && m.content === old.content),
      `A answered the conversation open on B with the final transcript of the one before (status ${m.status})`);
    assert.equal(m.code, 'unknown_conversation', JSON.stringify(m));
    assert.deepEqual(await askWs(b, name).then((x) => x.code), m.code, 'A answers as B does');
    // the second ends on B: A returns the second's, not the one it keeps
    const end2 = await post(b, name, { type: 'end' });
    const cur = end2.body.messages.find((x) => x.type === 'transcript');
    assert.equal((await askWs(a, name)).content, cur.content);

    // kept on A but not in PostgreSQL (too big for it, or its put failed), nothing open: A still returns it
    const name2 = 'hb17:kept-only-here';
    const ia2 = await connect(a.wsUrl, { headers: { Authorization: `Bearer ${KEY}` } });
    await ia2.turn(ia2.request({ type: 'hello' }));
    await ia2.turn(ia2.request({ type: 'open', conversation: name2 }));
    const end3 = await ia2.turn(ia2.request({ type: 'end', conversation: name2 }));
    ia2.close();
    const only = end3.find((x) => x.type === 'transcript');
    await pg.psql(`DELETE FROM advisord_final WHERE key = 'bot/${name2}'`);
    assert.equal((await askWs(a, name2)).content, only.content);
    assert.equal((await askWs(b, name2)).code, 'unknown_conversation');
  });

test('HB17-2 (local journal): the final transcript kept in memory is not returned while the name is open again on another connection',
  async (t) => {
    const d = await new Daemon(['--api-key', `bot:${KEY}`]).start();
    t.after(() => d.stop());
    const name = 'hb17:local-reused';
    const c1 = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${KEY}` } });
    await c1.turn(c1.request({ type: 'hello' }));
    await c1.turn(c1.request({ type: 'open', conversation: name }));
    const end1 = await c1.turn(c1.request({ type: 'end', conversation: name }));
    const old = end1.find((m) => m.type === 'transcript');
    assert.equal((await askWs(d, name)).content, old.content);
    const c2 = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${KEY}` } });
    await c2.turn(c2.request({ type: 'hello' }));
    await c2.turn(c2.request({ type: 'open', conversation: name }));
    const m = await askWs(d, name);
    assert.ok(!(m.type === 'transcript' && m.content === old.content), 'the one before returned as if the open one had ended');
    assert.equal(m.code, 'unknown_conversation', JSON.stringify(m));
    c1.close();
    c2.close();
  });

test('a conversation rebuilt from its records (a restart on the local journal) replays its opened with the token, as first sent', async (t) => {
  const state = tempDir('advisord-hb17-replay-');
  const headers = { Authorization: `Bearer ${KEY}` };
  const d = await new Daemon(['--api-key', `bot:${KEY}`, '--state-dir', state]).start();
  const c = await connect(d.wsUrl, { headers });
  await c.turn(c.request({ type: 'hello' }));
  const name = 'hb17:replayed';
  const op = await c.turn(c.request({ type: 'open', conversation: name }));
  const opened = op.find((m) => m.type === 'opened');
  await c.turn(c.request({ type: 'say', conversation: name, text: 'What is Pingora?' }));
  c.close();
  await d.stop();
  const d2 = await new Daemon(['--api-key', `bot:${KEY}`, '--state-dir', state]).start();
  t.after(() => d2.stop());
  const r = await connect(d2.wsUrl, { headers });
  await r.turn(r.request({ type: 'hello' }));
  r.request({ type: 'resume', conversation: name, token: opened.token, last_seq: 0 });
  const seen = [];
  for (;;) {
    const m = await r.next(() => true, 15000);
    seen.push(m);
    if (m.type === 'resumed' || m.type === 'error') break;
  }
  r.close();
  const again = seen.find((m) => m.type === 'opened');
  assert.ok(again && again.replay, JSON.stringify(seen));
  assert.equal(again.token, opened.token);
  assert.equal(seen.at(-1).token, opened.token);
});

test('held: names and meta with SQL in them are stored and returned as data; another API key cannot read the final transcript', { skip }, async (t) => {
  const pg = await cluster(t);
  const { a, b } = await two(t, pg);
  const name = "x');DROP/**/TABLE/**/advisord_final;--'\\%_";
  const open = await post(a, name, { type: 'open' });
  assert.equal(open.status, 200, JSON.stringify(open.body));
  assert.equal((await post(a, name, { type: 'say', text: "'; DELETE FROM advisord_rec; --" })).status, 200);
  const end = await post(a, name, { type: 'end' });
  assert.equal(end.status, 200, JSON.stringify(end.body));
  const tr = end.body.messages.find((m) => m.type === 'transcript');
  const got = await post(b, name, { type: 'transcript' });
  assert.equal(got.status, 200, JSON.stringify(got.body));
  assert.equal(got.body.messages.at(-1).content, tr.content);
  // LIKE wildcards in a name are not patterns
  const wild = await post(b, "x')%", { type: 'transcript' });
  assert.equal(wild.status, 404, JSON.stringify(wild.body));
  // another integration's key, the same name: not its conversation
  const other = await post(b, name, { type: 'transcript' }, KEY2);
  assert.equal(other.status, 404, JSON.stringify(other.body));
  assert.equal(other.body.messages.at(-1).code, 'unknown_conversation');
  // a browser knowing the name (no token) gets nothing either
  const brw = await askFinal(b, name, { token: 'f'.repeat(64) });
  assert.equal(brw.code, 'unknown_conversation', JSON.stringify(brw));
  assert.equal(await pg.psql('SELECT count(*) > 0 FROM advisord_rec'), 't');
});

test('held: a flood of final-transcript lookups for unknown names is bounded (refusals name the bound) and a conversation goes on meanwhile', { skip: slow }, async (t) => {
  const pg = await cluster(t);
  const { a, b } = await two(t, pg);
  const br = await browser(b);
  // 90: under max_connections_per_ip (100 by default) with the browser
  const conns = await Promise.all(Array.from({ length: 90 }, () => connect(b.wsUrl)));
  await Promise.all(conns.map((c) => c.turn(c.request({ type: 'hello' }))));
  // each connection pipelines 5 lookups of names nobody has
  const asks = conns.map((c, i) => Array.from({ length: 5 }, (_, k) =>
    c.turn(c.request({ type: 'transcript', conversation: `nobody-${i}-${k}`, token: '0'.repeat(64) }), 30000)));
  const turn = await br.conv.say('What is Pingora?');
  assert.ok(turn.some((m) => m.seq !== undefined), JSON.stringify(turn));
  const answers = (await Promise.all(asks.flat())).map((x) => x.at(-1));
  for (const m of answers) {
    if (m.code === 'store_unavailable') assert.match(m.message, /at most 64/);
    else if (m.code === 'rate_limited') assert.ok(m.retry_after_ms > 0, JSON.stringify(m));
    else assert.equal(m.code, 'unknown_conversation', JSON.stringify(m));
  }
  for (const c of conns) c.close();
  void a;
});

test('second writer: a stale instance given the lease back refuses its client\'s turn (storage_failed, resumable); the client resumes there with its last seq, sees the other writer\'s turn replayed, and its turn sent again is applied once with the next seq', { skip }, async (t) => {
  const pg = await cluster(t);
  const { a, b } = await two(t, pg);
  const br = await browser(a);
  const first = await br.conv.say('What is Pingora?');
  const lastSeen = Math.max(...first.filter((m) => m.seq !== undefined).map((m) => m.seq));
  const name = br.welcome.conversation;
  const instA = a.log.match(/instance (advisord-[^,\s]+)/)[1];
  // A's lease looks run out (a partition); B takes it over and answers a turn.
  // A is frozen meanwhile: its lease renewal (every second) would find the
  // conversation gone and forget it, leaving no stale copy to write (seen
  // with 4 of these tests at once). Just run out: an hour ago, past
  // idle_timeout, made it the orphan sweep's too, which expired it under
  // B's resume.
  a.kill('SIGSTOP');
  t.after(() => a.kill('SIGCONT'));
  await pg.psql(`UPDATE advisord_conv SET lease_until = now() - interval '1 second', owner_instance = 'gone' WHERE key LIKE '%/${name}'`);
  const hello = { conversation: name, token: br.welcome.token, last_seq: lastSeen };
  const { resumeOn } = await import('./pg.mjs');
  const rb = await resumeOn(b, hello);
  assert.equal(rb.turn.at(-1).type, 'resumed', JSON.stringify(rb.turn));
  const other = await rb.c.turn(rb.c.request({ type: 'say', text: 'why?' }));
  const otherSeqs = other.filter((m) => m.seq !== undefined).map((m) => m.seq);
  assert.ok(otherSeqs.length > 0, JSON.stringify(other));
  rb.c.close();
  // the lease handed back to A (an operator, a bug): A's stale copy writes at a seq B used
  await pg.psql(`UPDATE advisord_conv SET owner_instance = '${instA}', lease_until = now() + interval '1 hour' WHERE key LIKE '%/${name}'`);
  a.kill('SIGCONT');
  const refused = await br.conv.say('What is the Rust salary?');
  assert.equal(refused.at(-1).code, 'storage_failed', JSON.stringify(refused));
  assert.equal(refused.at(-1).resumable, true);
  assert.deepEqual(refused.filter((m) => m.seq !== undefined), []);
  br.c.close();
  // the client resumes (its cookie sends it to A) from the last seq it saw
  const ra = await resumeOn(a, hello);
  const resumed = ra.turn;
  assert.equal(resumed.at(-1).type, 'resumed', JSON.stringify(resumed));
  // replayed messages keep their own re (PROTOCOL.md 4.3): still queued
  const replayed = [...resumed, ...ra.c.queue].filter((m) => m.replay && m.seq !== undefined).map((m) => m.seq);
  assert.deepEqual(replayed.filter((s) => s > lastSeen), otherSeqs, `B's turn is replayed: ${JSON.stringify(resumed)}`);
  const again = await ra.c.turn(ra.c.request({ type: 'say', text: 'What is the Rust salary?' }));
  const againSeqs = again.filter((m) => m.seq !== undefined).map((m) => m.seq);
  assert.equal(againSeqs[0], Math.max(...otherSeqs) + 1, JSON.stringify(again));
  const end = await ra.c.turn(ra.c.request({ type: 'end' }), 15000);
  const tr = end.find((m) => m.type === 'transcript');
  assert.ok(tr, JSON.stringify(end));
  const recs = await verifiedRecords(a, work, tr, 'hb17-sw.json');
  assert.deepEqual(recs.filter((r) => r.dir === 'client').map((r) => r.msg.text ?? r.msg.type),
    ['What is Pingora?', 'why?', 'What is the Rust salary?', 'end']);
  ra.c.close();
});

test('HB17-4: an integration on the HTTP channel whose instance died goes on on another instance (the HTTP channel has no resume: its next message is its resume)',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const name = 'hb17:http:dies';
    assert.equal((await post(a, name, { type: 'open' })).status, 200);
    const first = await post(a, name, { type: 'say', text: 'What is Pingora?' });
    assert.equal(first.status, 200);
    const seqs = first.body.messages.filter((m) => m.seq !== undefined).map((m) => m.seq);
    // while A lives and holds the lease, B says busy and when to retry, and takes nothing
    const busy = await post(b, name, { type: 'say', text: 'why?' });
    const err = busy.body.messages.at(-1);
    assert.equal(busy.status, 503, JSON.stringify(busy.body));
    assert.equal(err.code, 'conversation_busy');
    assert.ok(err.retry_after_ms > 0 && err.retry_after_ms <= 3001, `retry_after_ms ${err.retry_after_ms}`);
    assert.equal(busy.retryAfter, String(Math.ceil(err.retry_after_ms / 1000)));
    a.kill('SIGKILL');
    await a.exitPromise;
    // the balancer sends its next message to B
    let r;
    for (let i = 0; i < 100; i++) {
      r = await post(b, name, { type: 'say', text: 'why?' });
      if (r.status === 200) break;
      await sleep(100);
    }
    const open = await post(b, name, { type: 'open' });
    assert.equal(r.status, 200, `say on B: ${JSON.stringify(r.body)}; open on B: ${JSON.stringify(open.body)}`);
    const next = r.body.messages.filter((m) => m.seq !== undefined).map((m) => m.seq);
    assert.equal(next[0], seqs.at(-1) + 1);
  });

test('an integration\'s transcript request on an instance that does not hold its conversation (its owner died) takes it over and answers the transcript, not "already being made for this connection"',
  { skip }, async (t) => {
    // (httpapi_claimed ran the turn under the claim's own hold: 400
    // transcript_refused one_per_connection, every time; flake28)
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const name = 'hb17:http:snapshot';
    assert.equal((await post(a, name, { type: 'open' })).status, 200);
    assert.equal((await post(a, name, { type: 'say', text: 'What is Pingora?' })).status, 200);
    a.kill('SIGKILL');
    await a.exitPromise;
    // busy within the first lease after PostgreSQL started: retry, as told
    let r;
    for (let i = 0; i < 100; i++) {
      r = await post(b, name, { type: 'transcript' });
      if (r.status !== 503) break;
      await sleep(Math.min(r.body.messages.at(-1).retry_after_ms ?? 100, 500));
    }
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const m = r.body.messages.at(-1);
    assert.equal(m.type, 'transcript', JSON.stringify(m));
    assert.ok(JSON.parse(m.content).records.some((x) => x.dir === 'client' && x.msg.text === 'What is Pingora?'), m.content.slice(0, 300));
    // and the conversation goes on there
    const said = await post(b, name, { type: 'say', text: 'why?' });
    assert.equal(said.status, 200, JSON.stringify(said.body));
  });

test('HB17-2: an instance that keeps the newest final transcript of a name (not in PostgreSQL: too big, or its put failed) returns it, not an older one of that name PostgreSQL has',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a } = await two(t, pg);
    const name = 'hb17:kept-newer';
    const ends = [];
    for (let i = 0; i < 2; i++) {
      const c = await connect(a.wsUrl, { headers: { Authorization: `Bearer ${KEY}` } });
      await c.turn(c.request({ type: 'hello' }));
      await c.turn(c.request({ type: 'open', conversation: name }));
      await c.turn(c.request({ type: 'say', conversation: name, text: i ? 'why?' : 'What is Pingora?' }));
      ends.push((await c.turn(c.request({ type: 'end', conversation: name }))).find((m) => m.type === 'transcript'));
      c.close();
    }
    assert.notEqual(ends[0].content, ends[1].content);
    // the second's put lost: PostgreSQL has only the first
    await pg.psql(`DELETE FROM advisord_final WHERE key = 'bot/${name}' AND at = (SELECT max(at) FROM advisord_final WHERE key = 'bot/${name}')`);
    assert.equal(await pg.psql(`SELECT count(*) FROM advisord_final WHERE key = 'bot/${name}'`), '1');
    const m = await askWs(a, name);
    assert.equal(m.content, ends[1].content, 'A answered with the older final transcript PostgreSQL has');
  });
