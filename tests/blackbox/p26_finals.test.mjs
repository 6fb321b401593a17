// SPDX-License-Identifier: ISC
// p26: the final transcript of a conversation that is gone (PROTOCOL.md
// 11.6), as an operator meets it:
// 1. a conversation ended by storage_failed on a full disk: its final
//    transcript is signed; the running daemon returns it (not `internal`),
//    stores it once the disk has room, and a restart returns the same one;
// 2. fetching one on a fresh connection needs no throwaway conversation:
//    hello with "start": false starts none;
// 3. a conversation with no user message: the stop log and the next
//    start's log say the same thing about it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, browser, connect, fullDiskDaemon, run, tempDir } from './lib.mjs';

// The turn answering a transcript request for conversation (token) on c.
async function askFinal(c, conversation, token) {
  return c.turn(c.request({ type: 'transcript', conversation, token }));
}

// Does content verify with minisign against the daemon's key (pub file)?
async function verifies(dir, pub, msg) {
  const f = join(dir, `check-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, msg.content);
  writeFileSync(`${f}.minisig`, msg.minisig);
  const m = await run('minisign', ['-Vm', f, '-p', pub]);
  return m.code === 0 ? '' : m.stderr;
}

test('storage_failed on a full disk: the final transcript is returned while the disk is full, stored once it has room, the same after a restart', async (t) => {
  // every write under the state directory fails from the 12th on (journal,
  // .part files, stored transcripts: a full disk) until `room` exists
  const { d, w, state, room } = await fullDiskDaemon(t, 'advisord-p26-full-');
  const pub = join(w, 'pub');
  writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  const a = await browser(d);
  const name = a.welcome.conversation;
  const token = a.welcome.token;
  let failed = a.turn.some((m) => m.type === 'error' && m.code === 'storage_failed');
  for (let i = 0; i < 20 && !failed; i++) {
    const turn = await a.conv.say(['What is Pingora?', '1', 'why?', '2'][i % 4]);
    failed = turn.some((m) => m.type === 'error' && m.code === 'storage_failed');
  }
  assert.ok(failed, 'a turn was refused with storage_failed');

  // the disk is still full: PROTOCOL.md 8 "the transcript stored so far
  // verifies", 11.6 "signed ... returned for an hour"; never `internal`
  const full = await askFinal(a.c, name, token);
  assert.equal(full.at(-1).type, 'transcript', `while the disk is full: ${JSON.stringify(full.at(-1)).slice(0, 300)}`);
  assert.equal(full.at(-1).status, 'interrupted');
  assert.equal(await verifies(w, pub, full.at(-1)), '', 'it verifies');
  const file = full.at(-1).file;

  // room again: it is stored by the running daemon, no restart needed
  writeFileSync(room, '');
  const tdir = join(state, 'transcripts');
  const stored = async () => {
    for (let i = 0; i < 300; i++) {
      if (existsSync(join(tdir, file)) && existsSync(join(tdir, `${file}.minisig`))) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };
  assert.ok(await stored(), `${file} stored within 30 s of the disk having room:\n${d.log}`);
  assert.ok(await d.waitLog(/transcript \S+: stored now \(interrupted\)/), `the log says it was stored:\n${d.log}`);
  const b = await connect(d.wsUrl);
  await b.turn(b.request({ type: 'hello', start: false }));
  const again = await askFinal(b, name, token);
  b.close();
  a.c.close();
  assert.equal(again.at(-1).type, 'transcript', JSON.stringify(again.at(-1)).slice(0, 300));
  assert.equal(again.at(-1).content, full.at(-1).content, 'the same signed records');
  assert.equal(again.at(-1).status, 'interrupted');
  const m = await run('minisign', ['-Vm', join(tdir, file), '-p', pub]);
  assert.equal(m.code, 0, `the stored file verifies: ${m.stderr}`);

  // a restart returns the same one, and signs nothing over it
  await d.stop();
  const d2 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d2.stop());
  const c = await connect(d2.wsUrl);
  await c.turn(c.request({ type: 'hello', start: false }));
  const after = await askFinal(c, name, token);
  c.close();
  assert.equal(after.at(-1).type, 'transcript', JSON.stringify(after.at(-1)).slice(0, 300));
  assert.equal(after.at(-1).content, full.at(-1).content, 'after a restart: the same signed records');
  assert.doesNotMatch(d2.log, new RegExp(`${name}: (ended, its transcript not stored|interrupted)`), d2.log);
});

test('hello with "start": false starts no conversation; the final transcript is fetched on that connection', async (t) => {
  const d = await new Daemon([]).start();
  t.after(() => d.stop());
  const a = await browser(d);
  await a.conv.say('What is Pingora?');
  const end = await a.conv.send({ type: 'end' });
  assert.equal(end.at(-1).type, 'ended');
  a.c.close();
  const total = async () => (await (await fetch(`${d.url}/metrics`)).text()).match(/^advisord_conversations_total (\d+)$/m)[1];
  const before = await total();

  const c = await connect(d.wsUrl);
  const hello = await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1', start: false }));
  assert.equal(hello.length, 1, `only the welcome, with done: ${JSON.stringify(hello).slice(0, 400)}`);
  assert.equal(hello[0].type, 'welcome');
  assert.equal(hello[0].done, true);
  assert.equal(hello[0].conversation, undefined, 'no conversation named');
  assert.equal(hello[0].token, undefined);
  assert.ok(hello[0].pubkey?.minisign, 'the key to verify with');
  const fin = await askFinal(c, a.welcome.conversation, a.welcome.token);
  assert.equal(fin.length, 1);
  assert.equal(fin[0].type, 'transcript');
  assert.equal(fin[0].status, 'complete');
  assert.equal(fin[0].seq, undefined);
  assert.equal(fin[0].content, end[0].content, 'the final transcript the end answered with');
  assert.equal(await total(), before, 'no conversation was started');
  // without a conversation: say is refused; a plain hello starts one then
  const say = await c.turn(c.request({ type: 'say', text: 'What is Pingora?' }));
  assert.equal(say.at(-1).code, 'unknown_conversation', JSON.stringify(say));
  const h2 = await c.turn(c.request({ type: 'hello' }));
  assert.ok(h2[0].conversation && h2[0].token, JSON.stringify(h2[0]));
  assert.equal(h2.at(-1).type, 'question');
  // a start that is not a boolean is refused, naming it
  const bad = await connect(d.wsUrl);
  const r = await bad.turn(bad.request({ type: 'hello', start: 'no' }));
  assert.equal(r.at(-1).code, 'invalid_field');
  assert.match(r.at(-1).message, /'start'/);
  c.close();
  bad.close();
  // an integration's hello never starts one; start false changes nothing
  const SECRET = 'p26-secret-0123456789abcdef';
  const d2 = await new Daemon(['--api-key', `bridge:${SECRET}`]).start();
  t.after(() => d2.stop());
  const i = await connect(d2.wsUrl);
  const ih = await i.turn(i.request({ type: 'hello', api_key: SECRET, start: false }));
  assert.equal(ih.length, 1);
  assert.equal(ih[0].integration, true);
  i.close();
});

test('a conversation with no user message: the stop log and the next start say the same about it', async (t) => {
  const state = tempDir('advisord-p26-unheard-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const d = await new Daemon(['--state-dir', state]).start();
  const quiet = await browser(d);
  const spoken = await browser(d);
  await spoken.conv.say('What is Pingora?');
  quiet.c.close();
  spoken.c.close();
  await d.stop();
  const q = quiet.welcome.conversation;
  const s = spoken.welcome.conversation;
  const line = (log, n) => log.split('\n').filter((l) => l.includes(`${n}:`)).join('\n');
  assert.match(line(d.log, s), /kept in the journal for its resume/, d.log);
  assert.doesNotMatch(line(d.log, q), /kept in the journal for its resume/,
    `the next start does not restore it: the stop must not say it is kept for its resume:\n${line(d.log, q)}`);
  assert.match(line(d.log, q), /no user message; not kept for a resume/, d.log);
  const d2 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d2.stop());
  await d2.stop();
  assert.match(line(d2.log, q), /interrupted before any user message; not restored/, d2.log);
  assert.doesNotMatch(line(d2.log, s), /not restored/, d2.log);
});
