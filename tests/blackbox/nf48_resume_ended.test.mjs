// SPDX-License-Identifier: ISC
// nu48's finding: a resume with a wrong token of a conversation that has
// just ended (its final transcript kept) answers the client
// unknown_conversation, while the log and advisord_resumes_refused_total
// say bad_token.  Deliberate: nothing is open to resume, whatever the
// token, so the client hears what the right token would hear too; the
// operator is told a token was tried that does not match (guessing, or a
// client with a stale token).  PROTOCOL.md and the README say so, so that
// an operator can match the two.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, ROOT, connect } from './lib.mjs';

test('a wrong-token resume of an ended conversation: the client hears unknown_conversation, the log and metrics say bad_token, and the docs say why', async (t) => {
  const d = await new Daemon([]).start();
  t.after(() => d.stop());
  const a = await connect(d.wsUrl);
  const { conversation, token } = (await a.turn(a.request({ type: 'hello' })))[0];
  await a.turn(a.request({ type: 'end' }));
  a.terminate();
  const wrong = 'f'.repeat(64);
  assert.notEqual(wrong, token);

  const b = await connect(d.wsUrl);
  const got = await b.turn(b.request({ type: 'hello', resume: { conversation, token: wrong } }));
  assert.equal(got.find((m) => m.type === 'error')?.code, 'unknown_conversation', JSON.stringify(got));
  b.terminate();
  assert.ok(await d.waitLog(new RegExp(`conversation \\S*${conversation}: resume refused: bad_token`)), d.log.slice(-2000));
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /^advisord_resumes_refused_total\{reason="bad_token"\} 1$/m);
  assert.match(m, /^advisord_resumes_refused_total\{reason="unknown_conversation"\} 0$/m);

  const proto = readFileSync(join(ROOT, 'protocol', 'PROTOCOL.md'), 'utf8');
  assert.match(proto, /ended conversation[^|]*wrong token[^|]*`unknown_conversation`[^|]*`bad_token`/);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.match(readme, /wrong token[\s\S]{0,200}ended[\s\S]{0,200}`unknown_conversation`[\s\S]{0,200}`bad_token`/);
});
