// SPDX-License-Identifier: ISC
// The final transcript of a conversation that is gone, on several
// instances (PROTOCOL.md 11.6, review r17 F13): for an hour after a
// conversation ended or expired, its signed final transcript is returned
// by any instance on the same PostgreSQL store, not only by the one that
// finished it (behind HAProxy the client's reconnect may land elsewhere).
// The cluster is the test's own (pg.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, Daemon, run, connect, browser, tempDir, sleep } from './lib.mjs';
import { pgBin, cluster, verifiedRecords, askFinal, sharedKeyInstances } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';
const KEY = 'pgf-bot-secret-0123456789abcdef';
const work = tempDir('advisord-pgf-work-');

const instances = (t, pg, n, all = []) => sharedKeyInstances(t, pg, n, ['--api-key', `bot:${KEY}`, '--http-api', '1', ...all]);


// POST one message to the HTTP channel of d as the API key.
async function post(d, name, body) {
  const r = await fetch(`${d.url}/api/v1/conversations/${encodeURIComponent(name)}/messages`, {
    method: 'POST', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

test('a conversation ended on A: B returns its signed final transcript (with its token; a wrong one is refused), and advisor transcript on B saves it', { skip }, async (t) => {
  const pg = await cluster(t);
  const [a, b] = await instances(t, pg, 2);
  const br = await browser(a);
  await br.conv.say('What is Pingora?');
  const end = await br.conv.send({ type: 'end' });
  assert.equal(end[0].type, 'transcript');
  assert.equal(end[0].status, 'complete');
  br.c.close();
  const name = br.welcome.conversation;
  // the answer to end was lost with the connection; the reconnect lands on B
  const got = await askFinal(b, name, { token: br.welcome.token });
  assert.equal(got.type, 'transcript', JSON.stringify(got));
  assert.equal(got.status, 'complete');
  assert.equal(got.conversation, name);
  assert.equal(got.done, true);
  assert.equal(got.seq, undefined);
  assert.equal(got.file, end[0].file);
  assert.equal(got.content, end[0].content);
  assert.equal(got.minisig, end[0].minisig);
  assert.equal(got.markdown, end[0].markdown);
  const recs = await verifiedRecords(b, work, got, 'ended-on-a.json');
  assert.deepEqual(recs.filter((r) => r.dir === 'client').map((r) => r.msg.text ?? r.msg.type),
    ['What is Pingora?', 'end']);
  // as format asks
  const md = await askFinal(b, name, { token: br.welcome.token, format: 'markdown' });
  assert.equal(md.markdown, end[0].markdown);
  assert.equal(md.content, undefined);
  // not without its token
  const bad = await askFinal(b, name, { token: 'f'.repeat(64) });
  assert.equal(bad.code, 'bad_token', JSON.stringify(bad));
  const none = await askFinal(b, name);
  assert.equal(none.code, 'missing_field', JSON.stringify(none));
  // the command-line client, pointed at B, falls back to it too
  const out = tempDir('advisord-pgf-out-');
  const cli = await run(ADVISOR, ['transcript', name, b.wsUrl, '-o', out], { env: { ...process.env, ADVISOR_TOKEN: br.welcome.token } });
  assert.equal(cli.code, 0, cli.stdout + cli.stderr);
  assert.ok(readdirSync(out).includes(end[0].file), `${readdirSync(out)}`);
  // an hour later (the database's clock moved on): gone from every instance
  await pg.psql("UPDATE advisord_final SET at = at - interval '2 hours'");
  const late = await askFinal(b, name, { token: br.welcome.token });
  assert.equal(late.code, 'unknown_conversation', JSON.stringify(late));
  // and removed from PostgreSQL by the next clean-up (each orphan sweep)
  let left = '1';
  for (let i = 0; i < 100 && left !== '0'; i++) {
    await sleep(100);
    left = await pg.psql('SELECT count(*) FROM advisord_final');
  }
  assert.equal(left, '0');
});

test('an integration\'s conversation ended over HTTP on A: its API key gets the final transcript over HTTP on B without a token, another name does not', { skip }, async (t) => {
  const pg = await cluster(t);
  const [a, b] = await instances(t, pg, 2);
  const name = 'slack-ish:T1:C1:carol';
  assert.equal((await post(a, name, { type: 'open' })).status, 200);
  assert.equal((await post(a, name, { type: 'say', text: 'What is Pingora?' })).status, 200);
  // A's commit of the end (ended, lease let go) made slow, as under load:
  // its answer still means that B finds the conversation ended, not held
  // by A (conversation_busy, seen in CI before the answer waited for it)
  await pg.psql(`CREATE FUNCTION slow_end() RETURNS trigger LANGUAGE plpgsql AS
    $$BEGIN PERFORM pg_sleep(2); RETURN NEW; END$$;
    CREATE TRIGGER slow_end BEFORE UPDATE ON advisord_conv FOR EACH ROW
    WHEN (NEW.ended AND NOT OLD.ended) EXECUTE FUNCTION slow_end()`);
  const end = await post(a, name, { type: 'end' });
  assert.equal(end.status, 200, JSON.stringify(end.body));
  const tr = end.body.messages.find((m) => m.type === 'transcript');
  assert.equal(tr.status, 'complete');
  const got = await post(b, name, { type: 'transcript' });
  assert.equal(got.status, 200, JSON.stringify(got.body));
  const m = got.body.messages.at(-1);
  assert.equal(m.type, 'transcript', JSON.stringify(m));
  assert.equal(m.content, tr.content);
  assert.equal(m.minisig, tr.minisig);
  await verifiedRecords(b, work, m, 'http-ended-on-a.json');
  const other = await post(b, 'slack-ish:T1:C1:dave', { type: 'transcript' });
  assert.equal(other.status, 404, JSON.stringify(other.body));
  assert.equal(other.body.messages.at(-1).code, 'unknown_conversation');
});

test('a conversation that expired while its client was away: any instance returns its final transcript, status expired', { skip }, async (t) => {
  const pg = await cluster(t);
  const [a, b] = await instances(t, pg, 2, ['--idle-timeout', '2']);
  const br = await browser(a);
  await br.conv.say('What is Pingora?');
  br.c.close();
  // let go by A, expired and signed by the orphan sweep of either instance
  let ended = 'f';
  for (let i = 0; i < 200 && ended !== 't'; i++) {
    await sleep(100);
    ended = await pg.psql(`SELECT coalesce(bool_and(ended), false) FROM advisord_conv WHERE key LIKE '%/${br.welcome.conversation}'`);
  }
  assert.equal(ended, 't', a.log + b.log);
  for (const d of [a, b]) {
    const got = await askFinal(d, br.welcome.conversation, { token: br.welcome.token });
    assert.equal(got.type, 'transcript', JSON.stringify(got));
    assert.equal(got.status, 'expired');
    await verifiedRecords(d, work, got, `expired-${d.port}.json`);
  }
});
