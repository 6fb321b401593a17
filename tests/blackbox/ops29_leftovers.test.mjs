// SPDX-License-Identifier: ISC
// What an operator read in the log of a SIGTERM drain and restart
// (round 29): lines came after "exiting" (the conversations kept for
// their resume, the knowledge base freed), so the last line did not say
// the daemon had stopped; and a browser's conversation was named
// "/c-..." (its owner part empty), where the client, PROTOCOL.md and
// advisord(8) name it c-...; an integration's stays KEY/NAME.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Conv, Daemon, browser, connect, tempDir } from './lib.mjs';

const SECRET = 'ops29-secret-'.padEnd(40, 'x');
const NAME = 'irc:libera:#ops:alice';

async function integration(d) {
  const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  const t = await c.turn(c.request({ type: 'hello' }));
  assert.equal(t[0].type, 'welcome');
  return c;
}

// Conversation lines: "conversation X: ..." (the journal's own start
// "journal: conversation X ...").
const convLines = (log) => log.split('\n').filter((l) => /\bconversation \S+(:| not moved)/.test(l));

test('a drain logs "exiting" last, and names conversations as clients do: c-... for a browser, KEY/NAME for an integration', async () => {
  const state = tempDir('advisord-state-');
  const args = ['--state-dir', state, '--api-key', `bridge:${SECRET}`];
  const d1 = await new Daemon(args).start();
  let d2;
  try {
    // a browser conversation left open, one ended, an integration's left open
    const kept = await browser(d1);
    await kept.conv.say('I write proxies in Rust');
    kept.c.terminate();
    const ended = await browser(d1);
    await ended.conv.say('What is Pingora?');
    await ended.conv.send({ type: 'end' });
    ended.c.close();
    const i = await integration(d1);
    await i.turn(i.request({ type: 'open', conversation: NAME }));
    await new Conv(i, NAME).say('I write Kubernetes operators');
    i.terminate();
    // a resume with a wrong token: refused, logged with the name
    const w = await connect(d1.wsUrl);
    await w.turn(w.request({ type: 'hello', resume: { conversation: kept.welcome.conversation, token: 'f'.repeat(64) } }));
    w.close();
    const k = kept.welcome.conversation;
    assert.ok(await d1.waitLog(new RegExp(`conversation ${k}: resume refused: bad_token`)), d1.log.slice(-2000));
    assert.ok(await d1.waitLog(/conn \d+ 127\.0\.0\.1: closed \(1 conversation waiting for resume\)[^]*conn \d+ 127\.0\.0\.1: closed \(1 conversation waiting for resume\)/), d1.log.slice(-2000));

    assert.deepEqual(await d1.stop(), { code: 0, signal: null });
    const lines = d1.log.split('\n').filter((l) => l !== '');
    // "exiting" once, last; what the drain did before it
    assert.match(lines.at(-1), /^advisord: info: exiting$/, lines.slice(-6).join('\n'));
    assert.equal(lines.filter((l) => /: exiting$/.test(l)).length, 1);
    const exitAt = lines.length - 1;
    const keptAt = lines.findIndex((l) => l.includes(`conversation ${k}: kept in the journal for its resume after the restart`));
    assert.ok(keptAt !== -1 && keptAt < exitAt, lines.slice(-8).join('\n'));
    assert.ok(lines.findIndex((l) => l.includes(`conversation bridge/${NAME}: kept in the journal`)) < exitAt);

    // names: the browser's as its welcome says, the integration's KEY/NAME
    assert.ok(lines.some((l) => l.includes(`conversation ${k}: start (conn `)), d1.log);
    assert.ok(lines.some((l) => l.includes(`conversation ${ended.welcome.conversation}: end (`)), d1.log);
    assert.ok(lines.some((l) => l.includes(`conversation bridge/${NAME}: start (conn `)), d1.log);
    assert.deepEqual(convLines(d1.log).filter((l) => /conversation \//.test(l)), []);

    // the restart and resume name it the same way
    d2 = await new Daemon(args).start();
    const r = await connect(d2.wsUrl);
    r.request({ type: 'hello', resume: { conversation: k, token: kept.welcome.token, last_seq: 0 } });
    await r.next((m) => m.type === 'resumed');
    r.close();
    assert.ok(await d2.waitLog(new RegExp(`conversation ${k}: resumed \\(conn `)), d2.log.slice(-2000));
    assert.deepEqual(await d2.stop(), { code: 0, signal: null });
    assert.deepEqual(convLines(d2.log).filter((l) => /conversation \//.test(l)), []);
    assert.match(d2.log.trimEnd().split('\n').at(-1), /^advisord: info: exiting$/);
  } finally {
    await d1.stop();
    if (d2) await d2.stop();
    rmSync(state, { recursive: true, force: true });
  }
});
