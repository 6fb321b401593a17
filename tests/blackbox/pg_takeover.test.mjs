// SPDX-License-Identifier: ISC
// Several instances on one PostgreSQL store (issue 17): a conversation
// whose instance dies is taken over by another at its resume, rebuilt by
// replaying its recorded inputs, and goes on with the same name, token,
// seq and chain; while its owner lives, no other instance serves it (and
// one that lost its lease cannot acknowledge another turn); /readyz says
// 503 while PostgreSQL is away, and the daemon comes back by itself.
// The cluster is the test's own (pg.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, ROOT, Daemon, run, connect, browser, Conv, tempDir, sleep } from './lib.mjs';
import { pgBin, PgCluster, seqsOf, resumeOn, verifiedRecords } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';
const KEY = 'pg-bot-secret-0123456789abcdef';
const work = tempDir('advisord-pg-work-');

async function instances(t, n, extra = [], all = []) {
  const pg = await new PgCluster(BIN).init();
  await pg.start();
  t.after(() => pg.destroy());
  const common = ['--store', pg.conninfo, '--store-lease', '3', '--api-key', `bot:${KEY}`, ...all];
  // an instance not SIGKILLed exits cleanly (under SANITIZE=1: no leak)
  const stop = async (d) => {
    const st = await d.stop();
    if (st.signal !== 'SIGKILL') assert.equal(st.code, 0, d.log.split('\n').slice(-40).join('\n'));
  };
  const first = await new Daemon(common).start();
  t.after(() => stop(first));
  const ds = [first];
  for (let i = 1; i < n; i++) {
    // all instances sign with the same key (a credential in production)
    const d = await new Daemon([...common, '--signing-key', join(first.stateDir, 'advisord.key'),
      ...(extra[i] ?? [])]).start();
    t.after(() => stop(d));
    ds.push(d);
  }
  return { pg, ds };
}

async function verifyTranscript(d, tr, name) {
  const recs = await verifiedRecords(d, work, tr, name);
  // server seqs run 1..N without gaps or repeats, across both instances
  const sseq = recs.filter((r) => r.dir === 'server').map((r) => r.msg.seq);
  assert.deepEqual(sseq, sseq.map((_, i) => i + 1));
  return recs;
}

test('SIGKILL of the owning instance: the other takes the conversations over at resume; seq and chain go on', { skip }, async (t) => {
  const { pg, ds: [a, b] } = await instances(t, 2);
  // a browser conversation and an integration's, on A
  const br = await browser(a);
  const bseqs = seqsOf(br.turn);
  for (const s of ['Java dev building APIs on Kubernetes', 'why?']) bseqs.push(...seqsOf(await br.conv.say(s)));
  const ia = await connect(a.wsUrl, { headers: { Authorization: `Bearer ${KEY}` } });
  await ia.turn(ia.request({ type: 'hello' }));
  const op = await ia.turn(ia.request({ type: 'open', conversation: 'irc:t:#x:alice' }));
  const iseqs = seqsOf(op);
  iseqs.push(...seqsOf(await new Conv(ia, 'irc:t:#x:alice').say('What is Pingora?')));

  // while A lives and holds them, B refuses to serve them
  const busy = await resumeOn(b, { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: 0 }, 0);
  assert.equal(busy.turn.at(-1).code, 'conversation_busy', JSON.stringify(busy.turn));
  busy.c.close();

  a.kill('SIGKILL');
  await a.exitPromise;

  // a wrong token, or the right one with more after it, takes nothing over
  for (const token of ['0'.repeat(64), `${br.welcome.token}ff`]) {
    const bad = await resumeOn(b, { conversation: br.welcome.conversation, token, last_seq: 0 });
    assert.match(bad.turn.at(-1).code, /^(bad_token|unknown_conversation)$/, JSON.stringify(bad.turn));
    bad.c.close();
  }
  // the browser comes back through B: nothing missed, same token, seq goes on
  const rb = await resumeOn(b, { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: bseqs.at(-1) });
  assert.equal(rb.turn.at(-1).type, 'resumed', JSON.stringify(rb.turn));
  assert.equal(rb.turn.at(-1).last_seq, bseqs.at(-1));
  assert.equal(rb.turn.at(-1).token, br.welcome.token);
  // rebuilt by the engine from the recorded inputs, checked against the outputs
  // the log is a pipe of its own: the lines may come after the answer
  await b.waitLog(/taken over from advisord-/);
  await b.waitLog(/rebuilt from \d+ records/);
  assert.match(b.log, /taken over from advisord-/);
  const checked = b.log.match(/rebuilt from \d+ records \(seq \d+, (\d+) engine outputs checked/);
  assert.ok(checked && Number(checked[1]) > 0, b.log);
  const conv = new Conv(rb.c, null);
  const more = seqsOf(await conv.say('1'));
  assert.equal(more[0], bseqs.at(-1) + 1);
  const end = await conv.send({ type: 'end' });
  const recs = await verifyTranscript(b, end[0], 'browser.json');
  assert.ok(recs.some((r) => r.dir === 'client' && r.msg.text === 'why?'), 'the turns on A are in it');
  assert.ok(recs.some((r) => r.dir === 'client' && r.msg.text === '1'), 'the turn on B is in it');

  // the integration resumes with its token, and its seq goes on too
  const ri = await resumeOn(b, { integration: true, headers: { Authorization: `Bearer ${KEY}` },
    conversation: 'irc:t:#x:alice', token: op[0].token, last_seq: iseqs.at(-1) });
  assert.equal(ri.turn.at(-1).type, 'resumed', JSON.stringify(ri.turn));
  const iconv = new Conv(ri.c, 'irc:t:#x:alice');
  assert.equal(seqsOf(await iconv.say('why?'))[0], iseqs.at(-1) + 1);
  const iend = await iconv.send({ type: 'end' });
  await verifyTranscript(b, iend[0], 'integration.json');

  // in PostgreSQL: each record once, seq 0..n-1, both conversations ended
  assert.equal(await pg.psql("SELECT count(*) FROM advisord_conv WHERE NOT ended"), '0');
  assert.equal(await pg.psql('SELECT bool_and(n = m + 1) FROM (SELECT count(*) n, max(seq) m FROM advisord_rec GROUP BY id) x'), 't');
  rb.c.close();
  ri.c.close();
  ia.close();
});

test('an instance whose lease was taken cannot acknowledge another turn', { skip }, async (t) => {
  const { pg, ds: [a, b] } = await instances(t, 2);
  const br = await browser(a);
  const seqs = seqsOf(br.turn);
  seqs.push(...seqsOf(await br.conv.say('What is Pingora?')));
  // A is alive, but its lease is made to look expired (as after a
  // partition from PostgreSQL): B may take the conversation over. A
  // renews its lease meanwhile, so on a loaded machine a renewal can land
  // between the UPDATE and B's resume (conversation_busy): expire it again
  let rb;
  for (let i = 0; i < 10; i++) {
    await pg.psql('UPDATE advisord_conv SET lease_until = now() - interval \'1 second\'');
    rb = await resumeOn(b, { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: seqs.at(-1) }, 0);
    if (rb.turn.at(-1).code !== 'conversation_busy') break;
    rb.c.close();
  }
  assert.equal(rb.turn.at(-1).type, 'resumed', JSON.stringify(rb.turn));
  // A's next turn is fenced out: an error, never an answer
  const old = await br.conv.say('why?');
  // or A's lease renewal (every second) found it taken first: A told its
  // client storage_failed (resumable) and forgot it, so the turn finds no
  // conversation there (seen with the say 2.5 s late; STORE-PG.md)
  const told = br.c.queue.find((m) => m.code === 'storage_failed' && m.resumable);
  if (old.at(-1).code === 'unknown_conversation') assert.ok(told, `unknown_conversation, never told storage_failed: ${JSON.stringify(br.c.queue)}`);
  else assert.equal(old.at(-1).code, 'storage_failed', JSON.stringify(old));
  assert.ok(!old.some((m) => m.type === 'answer'));
  const conv = new Conv(rb.c, null);
  assert.equal(seqsOf(await conv.say('why?'))[0], seqs.at(-1) + 1);
  const end = await conv.send({ type: 'end' });
  await verifyTranscript(b, end[0], 'fenced.json');
  rb.c.close();
  br.c.close();
});

test('/readyz is 503 while PostgreSQL is down; a turn waits, then is answered, without restarting advisord', { skip }, async (t) => {
  const { pg, ds: [a] } = await instances(t, 1);
  const readyz = async () => (await fetch(`${a.url}/readyz`)).status;
  assert.equal(await readyz(), 200);
  const br = await browser(a);
  const seqs = seqsOf(br.turn);
  await pg.stop('fast');
  let status = 200;
  for (let i = 0; i < 100 && status === 200; i++) {
    await sleep(100);
    status = await readyz();
  }
  assert.equal(status, 503, '/readyz while PostgreSQL is down');
  const id = br.c.request({ type: 'say', text: 'What is Pingora?' });
  await sleep(500);
  assert.equal(br.c.queue.filter((m) => m.re === id).length, 0, 'no reply before it is durable');
  await pg.start();
  const turn = await br.c.turn(id, 15000);
  assert.equal(seqsOf(turn)[0], seqs.at(-1) + 1, JSON.stringify(turn));
  for (let i = 0; i < 100 && status !== 200; i++) {
    await sleep(100);
    status = await readyz();
  }
  assert.equal(status, 200, '/readyz after PostgreSQL is back');
  const end = await br.conv.send({ type: 'end' });
  await verifyTranscript(a, end[0], 'restart.json');
  br.c.close();
});

test('a take-over on an instance serving another knowledge base is refused, naming it', { skip }, async (t) => {
  const { ds: [a, b] } = await instances(t, 2, [[], ['--kb-dir', join(ROOT, 'tests', 'kb', 'tiny')]]);
  const br = await browser(a);
  await br.conv.say('What is Pingora?');
  a.kill('SIGKILL');
  await a.exitPromise;
  const rb = await resumeOn(b, { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: 0 });
  const last = rb.turn.at(-1);
  assert.equal(last.code, 'kb_mismatch', JSON.stringify(rb.turn));
  assert.match(last.message, /knowledge base/);
  rb.c.close();
});

test('a conversation whose instance died and that nobody resumes is expired and signed by another instance', { skip }, async (t) => {
  const { pg, ds: [a, b] } = await instances(t, 2, [[], []], ['--idle-timeout', '2']);
  const br = await browser(a);
  await br.conv.say('What is Pingora?');
  a.kill('SIGKILL');
  await a.exitPromise;
  // B finds it (owner gone, idle past idle_timeout after its lease) and
  // expires it: signed as expired in B's state directory, ended in PostgreSQL
  const dir = join(b.stateDir, 'transcripts');
  let files = [];
  for (let i = 0; i < 150 && files.length === 0; i++) {
    await sleep(100);
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  }
  assert.equal(files.length, 1, b.log);
  await b.waitLog(/its instance is gone and it was idle past idle_timeout: expired here/);
  assert.match(b.log, /its instance is gone and it was idle past idle_timeout: expired here/);
  const file = join(dir, files[0]);
  const pub = join(work, 'sweep.pub');
  writeFileSync(pub, await (await fetch(`${b.url}/pubkey`)).text());
  assert.equal((await run('minisign', ['-Vm', file, '-p', pub])).code, 0);
  const v = await run(ADVISOR, ['verify', file, '-p', pub]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(readFileSync(`${file}.minisig`, 'utf8'), /status=expired/);
  for (let i = 0; i < 50 && await pg.psql('SELECT count(*) FROM advisord_conv WHERE NOT ended') !== '0'; i++) await sleep(100);
  assert.equal(await pg.psql('SELECT count(*) FROM advisord_conv WHERE NOT ended'), '0');
  br.c.close();
});
