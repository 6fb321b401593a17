// SPDX-License-Identifier: ISC
// Hostile review hb18 of the day's PostgreSQL changes: resume tokens kept
// as their SHA-256 (restoken.c), final transcripts not returned while the
// name is open again (finals.c), the connection back-off, the reply to
// `end` waiting for its commit.  Each finding is a test (HB18_FINDINGS.md);
// the attacks that held are plain tests.  Each test starts its own cluster
// (pg.mjs) and instances on free loopback ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Daemon, connect, browser, tempDir, sleep } from './lib.mjs';
import { pgBin, cluster, askFinal, resumeOn } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';
const KEY = 'hb18-bot-secret-0123456789abcdef';

function args(pg, state, key, extra = []) {
  return ['--store', pg.conninfo, '--store-lease', '3', '--api-key', `bot:${KEY}`,
    '--http-api', '1', '--state-dir', state, ...(key ? ['--signing-key', key] : []), ...extra];
}

async function two(t, pg, extra = []) {
  const sa = tempDir('advisord-hb18-a-');
  const sb = tempDir('advisord-hb18-b-');
  const a = await new Daemon(args(pg, sa, null, extra)).start();
  t.after(() => a.stop());
  const key = join(sa, 'advisord.key');
  const b = await new Daemon(args(pg, sb, key, extra)).start();
  t.after(() => b.stop());
  return { a, b, sa, sb, key };
}

test('HB18-1: a take-over on another instance refuses a token that is the right one followed by more characters (it was cut to 64 before being compared)',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    const tok = br.welcome.token;
    const name = br.welcome.conversation;
    br.c.close();
    // held on A: A compares the whole token
    const here = await resumeOn(a, { conversation: name, token: `${tok}00`, last_seq: 0 });
    here.c.close();
    assert.equal(here.turn.at(-1).code, 'bad_token', JSON.stringify(here.turn));
    a.kill('SIGKILL');
    for (const bad of [`${tok}0`, `${tok}${"f".repeat(64)}`, tok.toUpperCase(), tok.slice(0, 63)]) {
      const r = await resumeOn(b, { conversation: name, token: bad, last_seq: 0 });
      r.c.close();
      assert.equal(r.turn.at(-1).code, 'bad_token', `${bad.length} chars: ${JSON.stringify(r.turn)}`);
    }
    // the token itself still takes it over
    const { c, turn } = await resumeOn(b, { conversation: name, token: tok, last_seq: 0 });
    c.close();
    assert.equal(turn.at(-1).type, 'resumed', JSON.stringify(turn));
  });

// Resume on d until it is not store_unavailable / conversation_busy (the
// store coming back), as a client following retry_after_ms would.
async function resumeUntil(d, hello, tries = 100) {
  let r;
  for (let i = 0; i < tries; i++) {
    r = await resumeOn(d, hello);
    const code = r.turn.at(-1).code;
    if (code !== 'store_unavailable' && code !== 'conversation_busy') return r;
    r.c.close();
    await sleep(Math.min(r.turn.at(-1).retry_after_ms ?? 200, 500));
  }
  return r;
}

test('PostgreSQL stopped before an end: the client is told it was not ended; once it is back the conversation resumes (here or on another instance), ends, and any instance returns its signed final transcript',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    const tok = br.welcome.token;
    const name = br.welcome.conversation;
    await pg.stop('fast');
    const end = await br.conv.send({ type: 'end' }, 30000);
    const last = end.at(-1);
    assert.ok(last.type === 'error' && ['storage_failed', 'store_unavailable'].includes(last.code), JSON.stringify(end));
    assert.ok(!end.some((m) => m.type === 'transcript'), 'no transcript for an end that was not stored');
    br.c.close();
    // many requests during the outage: each answered, none hangs
    const during = await Promise.all([0, 1, 2, 3, 4, 5].map(() => askFinal(b, name, { token: tok })));
    for (const m of during) assert.equal(m.code, 'store_unavailable', JSON.stringify(m));
    await pg.start();
    const { c, turn } = await resumeUntil(b, { conversation: name, token: tok, last_seq: 0 });
    assert.equal(turn.at(-1).type, 'resumed', JSON.stringify(turn));
    const end2 = await c.turn(c.request({ type: 'end', conversation: name }), 30000);
    c.close();
    const tr = end2.find((m) => m.type === 'transcript');
    assert.ok(tr, JSON.stringify(end2));
    // asked of A (which held it before the outage; store_unavailable until its
    // back-off lets it reconnect, as documented): the same transcript
    let got = await askFinal(a, name, { token: tok });
    for (let i = 0; i < 50 && got.code === 'store_unavailable'; i++) {
      await sleep(200);
      got = await askFinal(a, name, { token: tok });
    }
    assert.equal(got.type, 'transcript', JSON.stringify(got));
    assert.equal(got.content, tr.content);
    const recs = JSON.parse(tr.content).records;
    assert.ok(recs.some((r) => JSON.stringify(r).includes('Pingora')), 'the turn before the outage is in it');
  });

test('HB18-2: a meta row written with the token in clear after the instances started (an older instance of a rolling upgrade) no longer holds it once a new instance has taken the conversation over',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    const tok = br.welcome.token;
    const name = br.welcome.conversation;
    br.c.close();
    // rewritten as an older version writes it, after both have migrated at their first connection
    const meta = JSON.parse(await pg.psql('SELECT meta FROM advisord_conv'));
    const old = { ...meta, token: tok };
    delete old.token_sha256;
    await pg.psql(`UPDATE advisord_conv SET meta = '${JSON.stringify(old)}'`);
    a.kill('SIGKILL');
    const { c, turn } = await resumeOn(b, { conversation: name, token: tok, last_seq: 0 });
    assert.equal(turn.at(-1).type, 'resumed', JSON.stringify(turn));
    const more = await c.turn(c.request({ type: 'say', conversation: name, text: 'why?' }));
    assert.ok(more.some((m) => m.type !== 'error'), JSON.stringify(more));
    assert.equal(await pg.psql(`SELECT count(*) FROM advisord_conv WHERE meta LIKE '%${tok}%'`), '0',
      'the token is still readable in the database while B serves the conversation');
    c.close();
  });

test('rows edited in the database (meta not JSON, a null or malformed hash): a take-over is refused with bad_token, the instance keeps serving the others',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const convs = [];
    for (let i = 0; i < 4; i++) {
      const br = await browser(a);
      await br.conv.say('What is Pingora?');
      convs.push({ name: br.welcome.conversation, token: br.welcome.token });
      br.c.close();
    }
    const metas = ['not json {', '{"owner":"","name":"x","token_sha256":null,"kb":"x"}', '{"token_sha256":"ABCDEF"}'];
    for (let i = 0; i < 3; i++) {
      const id = await pg.psql(`SELECT id FROM advisord_conv WHERE meta LIKE '%"name":"${convs[i].name}"%'`);
      assert.ok(id, convs[i].name);
      await pg.psql(`UPDATE advisord_conv SET meta = '${metas[i]}' WHERE id = '${id}'`);
    }
    a.kill('SIGKILL');
    for (let i = 0; i < 3; i++) {
      const r = await resumeOn(b, { conversation: convs[i].name, token: convs[i].token, last_seq: 0 });
      r.c.close();
      const last = r.turn.at(-1);
      assert.equal(last.type, 'error', JSON.stringify(r.turn));
      assert.ok(['bad_token', 'unknown_conversation', 'internal'].includes(last.code), JSON.stringify(last));
    }
    const { c, turn } = await resumeOn(b, { conversation: convs[3].name, token: convs[3].token, last_seq: 0 });
    c.close();
    assert.equal(turn.at(-1).type, 'resumed', JSON.stringify(turn));
    assert.equal((await fetch(`${b.url}/readyz`)).status, 200);
  });
