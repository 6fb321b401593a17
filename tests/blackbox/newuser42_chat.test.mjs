// SPDX-License-Identifier: ISC
// advisor chat as NEWUSER42 used it (#8, #9, #10): answers about the
// article end with the pending question in one line and how to see its
// choices again, not the whole menu each time; the choices come back when
// asked for; the comparison table is a row at a time, each cell on a line
// of its own; and a bare "end" ends the conversation as /quit does
// instead of being asked about the article.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ADVISOR, Daemon, run, tempDir } from './lib.mjs';

let d;
let home;
before(async () => {
  d = await new Daemon().start();
  home = tempDir('advisor-nu42-');
});
after(async () => {
  await d.stop();
  rmSync(home, { recursive: true, force: true });
});

const env = () => ({ ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1', COLUMNS: '100' });
const count = (text, re) => (text.match(re) ?? []).length;

test('answers end with the pending question in one line; "choices" shows them again', async () => {
  const r = await run(ADVISOR, ['chat', d.wsUrl], {
    input: 'how much do go devs make?\nis rust hard to learn?\nchoices\n/quit\n', env: env(),
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const out = r.stdout;
  // the menu with the welcome, and once more when asked for: not after each answer
  assert.equal(count(out, /^ {2}10\. Nothing specific yet/gm), 2, out);
  const pointers = out.split('\n').filter((l) => /^Back to the walk: \(step 1 of about 9\) What are you building/.test(l));
  assert.equal(pointers.length, 3, out);
  assert.equal(count(out, /say 'choices' to see them listed again\./g), 2, out);
  // the answers themselves are there
  assert.match(out, /\$135k-\$175k/);
  assert.match(out, /learning curve/i);
});

test('the comparison table is a row at a time, a cell a line', async () => {
  const r = await run(ADVISOR, ['chat', d.wsUrl], { input: 'table\n/quit\n', env: env() });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const lines = r.stdout.split('\n');
  const at = lines.indexOf('Learning curve (verdict: Go)');
  assert.ok(at > 0, r.stdout);
  assert.match(lines[at + 1], /^ {2}Rust: Steep: 62% say/);
  assert.match(lines[at + 2], /^ {2}Go: Gentle: experienced developers/);
  assert.equal(lines[at + 3], 'Job market size (verdict: Go)');
  assert.doesNotMatch(r.stdout, /; verdict:/);
});

test('a bare "end" ends the conversation as /quit does, nothing after it is sent', async () => {
  const r = await run(ADVISOR, ['chat', d.wsUrl], { input: 'end\nwhat is pingora?\n', env: env() });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^\(conversation \S+ ended\)$/m, r.stdout);
  assert.doesNotMatch(r.stdout, /premium end|Pingora/, 'neither "end" nor what followed it was asked');
});
