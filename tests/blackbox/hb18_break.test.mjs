// SPDX-License-Identifier: ISC
// Hostile review hb18 of the day's PostgreSQL changes: resume tokens kept
// as their SHA-256 (restoken.c), final transcripts not returned while the
// name is open again (finals.c), the connection back-off, the reply to
// `end` waiting for its commit.  Each finding is a test (HB18_FINDINGS.md);
// the attacks that held are plain tests.  Each test starts its own cluster
// (pg.mjs) and instances on free loopback ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, sleep } from './lib.mjs';
import { pgBin, cluster, askFinal, resumeOn, instancePair, postMessage } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';
const KEY = 'hb18-bot-secret-0123456789abcdef';

function args(pg, state, key, extra = []) {
  return ['--store', pg.conninfo, '--store-lease', '3', '--api-key', `bot:${KEY}`,
    '--http-api', '1', '--state-dir', state, ...(key ? ['--signing-key', key] : []), ...extra];
}

function two(t, pg, extra = []) {
  return instancePair(t, 'advisord-hb18', (state, key) => args(pg, state, key, extra));
}

test('HB18-1: a take-over on another instance answers a token that is the right one followed by more characters with bad_token, as the holding instance does (it said unknown_conversation)',
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

test('rows edited in the database (meta not JSON, a null or malformed hash): a take-over is refused with an error, the instance keeps serving the others',
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

// An HTTP answer from an instance that no longer holds the conversation:
// busy (another holds the lease), or its stale copy fenced out.
function movedOrBusy(r) {
  const m = r.body.messages.at(-1);
  return (r.status === 503 && m.code === 'conversation_busy')
    || (r.status === 500 && m.code === 'storage_failed' && /another instance serves/.test(m.message));
}

function post(d, name, body, key = KEY) {
  return postMessage(d, name, body, key);
}

test('an end answered on A is final at once on B: a transcript request there (HTTP and WebSocket, names reused) gets that transcript, never conversation_busy or the one before',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const name = 'hb18:again';
    let before = null;
    for (let i = 0; i < 4; i++) {
      const [x, y] = i % 2 === 0 ? [a, b] : [b, a];
      const open = await post(x, name, { type: 'open' });
      assert.equal(open.status, 200, JSON.stringify(open.body));
      assert.equal((await post(x, name, { type: 'say', text: `What is Pingora? ${i}` })).status, 200);
      // while open again on x, y does not give the one before
      const mid = await post(y, name, { type: 'transcript' });
      const mm = mid.body.messages.at(-1);
      assert.ok(!(mm.type === 'transcript' && before && mm.content === before), `round ${i}: the one before, as if final`);
      // if x let the lease lapse (idle for a lease, F7) and y took it over
      // at the request above (seen with it 7 s late): x's stale copy is
      // fenced out (500 storage_failed, STORE-PG.md), then busy: retry
      let end = await post(x, name, { type: 'end' });
      for (let k = 0; k < 40 && movedOrBusy(end); k++) {
        await sleep(end.body.messages.at(-1).retry_after_ms ?? 500);
        end = await post(x, name, { type: 'end' });
      }
      assert.equal(end.status, 200, JSON.stringify(end.body));
      const tr = end.body.messages.find((m) => m.type === 'transcript');
      assert.ok(tr, JSON.stringify(end.body));
      const got = await post(y, name, { type: 'transcript' });
      assert.equal(got.status, 200, `round ${i}: ${JSON.stringify(got.body)}`);
      assert.equal(got.body.messages.at(-1).content, tr.content, `round ${i}`);
      before = tr.content;
    }
    // browsers over WebSocket: end on A, asked at once of B with the token
    for (let i = 0; i < 3; i++) {
      const br = await browser(a);
      await br.conv.say('What is Pingora?');
      const end = await br.conv.send({ type: 'end' }, 15000);
      const tr = end.find((m) => m.type === 'transcript');
      assert.ok(tr, JSON.stringify(end));
      br.c.close();
      const got = await askFinal(b, br.welcome.conversation, { token: br.welcome.token });
      assert.equal(got.type, 'transcript', JSON.stringify(got));
      assert.equal(got.content, tr.content);
      const wrong = await askFinal(b, br.welcome.conversation, { token: 'a'.repeat(64) });
      assert.equal(wrong.code, 'bad_token', JSON.stringify(wrong));
    }
  });

test('a name ended on A (its final kept in A\'s memory) and opened again on B: A does not return the old final while B holds the new one, then returns the new one; the integration resumes it token-less on A once B is gone',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const name = 'hb18:kept';
    assert.equal((await post(a, name, { type: 'open' })).status, 200);
    assert.equal((await post(a, name, { type: 'say', text: 'What is Pingora?' })).status, 200);
    const end1 = await post(a, name, { type: 'end' });
    const old = end1.body.messages.find((m) => m.type === 'transcript');
    assert.ok(old, JSON.stringify(end1.body));
    assert.equal((await post(b, name, { type: 'open' })).status, 200);
    assert.equal((await post(b, name, { type: 'say', text: 'why?' })).status, 200);
    const mid = await post(a, name, { type: 'transcript' });
    const mm = mid.body.messages.at(-1);
    assert.ok(!(mm.type === 'transcript' && mm.content === old.content), `A returned the old final while B holds ${name}: ${JSON.stringify(mm).slice(0, 200)}`);
    // B dies with it open: A takes it over with the API key alone (no token known to the client)
    b.kill('SIGKILL');
    let said;
    for (let i = 0; i < 50; i++) {
      said = await post(a, name, { type: 'say', text: 'and Go?' });
      if (said.status === 200) break;
      await sleep(Math.min(said.body.messages.at(-1).retry_after_ms ?? 300, 500));
    }
    assert.equal(said.status, 200, JSON.stringify(said.body));
    const end2 = await post(a, name, { type: 'end' });
    const cur = end2.body.messages.find((m) => m.type === 'transcript');
    assert.ok(cur && cur.content !== old.content, JSON.stringify(end2.body));
    const again = await post(a, name, { type: 'transcript' });
    assert.equal(again.body.messages.at(-1).content, cur.content);
    const text = JSON.stringify(JSON.parse(cur.content).records);
    assert.ok(text.includes('why?') && text.includes('and Go?'), 'both turns in the new one');
  });

// PostgreSQL killed while an end is in flight, three times (or more, up to
// 20 on a loaded machine, where the end often wins the race: until
// an end was answered with its transcript whose put into advisord_final
// failed).  Each round: told "transcript" (ended), or told storage_failed.
async function endsUnderKill(t, wantUnshared, rounds = 3, max = 20) {
  const pg = await cluster(t);
  const { a, b } = await two(t, pg);
  if (wantUnshared) {
    // The put into advisord_final takes a second here, so the kill lands
    // while it is in flight: left to chance, the end won the race in all
    // 20 rounds of a CI run (and the test failed).
    await pg.psql(`CREATE FUNCTION slow_final() RETURNS trigger LANGUAGE plpgsql AS
      $$BEGIN PERFORM pg_sleep(1); RETURN NEW; END$$;
      CREATE TRIGGER slow_final BEFORE INSERT ON advisord_final
      FOR EACH ROW EXECUTE FUNCTION slow_final()`);
  }
  const out = [];
  for (let i = 0; i < max && (i < rounds || (wantUnshared && !out.some((o) => o.unshared))); i++) {
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    const hello = { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: 0 };
    const ending = br.conv.send({ type: 'end' }, 30000);
    await pg.stop('immediate');
    const end = await ending;
    br.c.close();
    await pg.start();
    // A back on PostgreSQL before the next round's user (else its hello is refused)
    for (let k = 0; k < 100 && (await fetch(`${a.url}/readyz`)).status !== 200; k++) await sleep(100);
    const tr = end.find((m) => m.type === 'transcript');
    const id = tr?.file?.replace(/\.json$/, '');
    out.push({ i, hello, end, tr, unshared: tr !== undefined && a.log.includes(`transcript ${id}: not stored in the shared store`) });
  }
  return { a, b, out };
}

test('HB18-3: PostgreSQL killed while an end is in flight: a client told "transcript" finds that transcript on the other instance once it is back (its put into advisord_final, failed, is made again)',
  { skip }, async (t) => {
    const { a, b, out } = await endsUnderKill(t, true);
    for (const { i, hello, tr } of out.filter((o) => o.tr)) {
      let got = await askFinal(b, hello.conversation, { token: hello.token });
      // unknown_conversation too, for a while: A puts it again once it is
      // reconnected itself (its next tick after that), which B may not wait for
      for (let k = 0; k < 50 && ['store_unavailable', 'conversation_busy', 'unknown_conversation'].includes(got.code); k++) {
        await sleep(300);
        got = await askFinal(b, hello.conversation, { token: hello.token });
      }
      assert.equal(got.type, 'transcript', `round ${i}: ${JSON.stringify(got)}`);
      assert.equal(got.content, tr.content, `round ${i}: another transcript than the client was given`);
    }
    assert.ok(out.some((o) => o.unshared), `no end whose put failed in ${out.length} rounds: ${out.map((o) => o.tr ? 'ended' : o.end.at(-1).code)}`);
    // the line comes after the put B found (a pipe of its own: waitLog)
    assert.ok(await a.waitLog(/stored in the shared store now \(PostgreSQL reachable again\)/), a.log.slice(-3000));
    t.diagnostic(`outcomes: ${out.map((o) => (o.tr ? (o.unshared ? 'ended (put again)' : 'ended') : o.end.at(-1).code)).join(', ')}`);
  });

// The other half of the hb18 test above, left open: seen here (o27), a
// client told storage_failed resumed on B and got `resumed`, then its `end`
// was answered "this connection has no conversation" (the conversation left
// the connection after the take-over); and once the resume itself got
// conversation_ended "its final transcript is being signed" (A had stored
// nothing but recorded the end), though the end was refused.
test('HB18-3b: PostgreSQL killed while an end is in flight: a client told storage_failed resumes and ends it on the other instance',
  { skip, todo: 'seen failing 2 runs of 4 (o27): resumed, then end answered "this connection has no conversation"; or the resume answered conversation_ended' }, async (t) => {
    const { b, out } = await endsUnderKill(t, false);
    for (const { i, hello, end } of out.filter((o) => !o.tr)) {
      assert.ok(['storage_failed', 'store_unavailable'].includes(end.at(-1).code), JSON.stringify(end));
      const { c, turn } = await resumeUntil(b, hello);
      assert.equal(turn.at(-1).type, 'resumed', `round ${i}: ${JSON.stringify(turn)}`);
      const e2 = await c.turn(c.request({ type: 'end', conversation: hello.conversation }), 30000);
      c.close();
      assert.ok(e2.some((m) => m.type === 'transcript'), JSON.stringify(e2));
    }
    t.diagnostic(`outcomes: ${out.map((o) => (o.tr ? 'ended' : o.end.at(-1).code)).join(', ')}`);
  });

async function connects(d) {
  const text = await (await fetch(`${d.url}/metrics`)).text();
  const m = text.match(/^advisord_store_connects_total (\d+)/m);
  assert.ok(m, 'advisord_store_connects_total in /metrics');
  return Number(m[1]);
}

test('many requests during an outage (new conversations, resumes, final transcripts, HTTP): each answered with store_unavailable, the connection attempts stay bounded by the back-off, service comes back by itself',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a } = await two(t, pg);
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    const hello = { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: 0 };
    br.c.close();
    const before = await connects(a);
    await pg.stop('fast');
    // the first commit after the loss waits out its 10 s of retries (STORE-PG.md: replies wait; HB18-4)
    await post(a, 'hb18:first', { type: 'open' });
    assert.equal((await fetch(`${a.url}/readyz`)).status, 503);
    let asked = 0;
    for (let round = 0; round < 5; round++) {
      const reqs = [];
      for (let i = 0; i < 10; i++) {
        reqs.push(post(a, `hb18:out-${round}-${i}`, { type: 'open' }).then((r) => {
          assert.equal(r.status, 503, JSON.stringify(r.body));
          assert.equal(r.body.messages.at(-1).code, 'store_unavailable', JSON.stringify(r.body));
        }));
        reqs.push(askFinal(a, `c-none-${round}-${i}`, { token: 'b'.repeat(64) }).then((m) => {
          assert.equal(m.code, 'store_unavailable', JSON.stringify(m));
        }));
      }
      await Promise.all(reqs);
      asked += reqs.length;
    }
    const during = (await connects(a)) - before;
    assert.equal((await fetch(`${a.url}/readyz`)).status, 503);
    t.diagnostic(`${asked} requests during the outage, ${during} connection attempts`);
    assert.ok(during < asked / 2, `${during} connection attempts for ${asked} requests`);
    await pg.start();
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 200; i++) {
      await sleep(100);
      ready = (await fetch(`${a.url}/readyz`)).status;
    }
    assert.equal(ready, 200, '/readyz 200 again without a restart');
    const { c, turn } = await resumeUntil(a, hello);
    c.close();
    assert.equal(turn.at(-1).type, 'resumed', JSON.stringify(turn));
  });

test('HB18-4: a new conversation opened just after PostgreSQL went away is refused as never stored, not as "resumable: resume it" (its meta line never reached the store; resuming it then is unknown_conversation)',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a } = await two(t, pg);
    await pg.stop('fast');
    const first = await post(a, 'hb18:first', { type: 'open' });
    const err = first.body.messages.at(-1);
    t.diagnostic(`HTTP ${first.status}: ${err.code}`);
    await pg.start();
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 200; i++) {
      await sleep(100);
      ready = (await fetch(`${a.url}/readyz`)).status;
    }
    if (err.resumable) {
      // told to resume it: resuming it must find it
      const again = await post(a, 'hb18:first', { type: 'say', text: 'What is Pingora?' });
      assert.notEqual(again.body.messages.at(-1).code, 'unknown_conversation',
        `told "${err.message}", then: ${JSON.stringify(again.body)}`);
    } else {
      assert.equal(err.code, 'store_unavailable', JSON.stringify(err));
      assert.notEqual(err.resumable, true, JSON.stringify(err));
      // never begun: its name is free, and opening it again works
      assert.equal(ready, 200, 'PostgreSQL is back');
      const again = await post(a, 'hb18:first', { type: 'open' });
      assert.equal(again.status, 200, JSON.stringify(again.body));
    }
  });
