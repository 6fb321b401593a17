// The store: one daemon per state directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, Daemon, browser, run, tempDir } from './lib.mjs';

// Every file under dir with its size and mtime, to see that nothing moved.
function snapshot(dir) {
  const out = {};
  const walk = (d) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        out[p] = `${st.size}:${st.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}

test('a second daemon on the same state directory refuses to start and touches nothing', async (t) => {
  const state = tempDir('advisord-lock-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const first = await new Daemon(['--state-dir', state]).start();
  t.after(() => first.stop());
  const { c, conv } = await browser(first);
  await conv.say('What is Pingora?');
  const before = snapshot(state);
  const journal = readdirSync(join(state, 'journal')).map((f) => readFileSync(join(state, 'journal', f), 'utf8')).join('');

  const second = await run(ADVISORD, ['--listen', '127.0.0.1:0', '--state-dir', state]);
  assert.notEqual(second.code, 0);
  const errs = second.stderr.split('\n').filter((l) => /in use/.test(l));
  assert.equal(errs.length, 1, second.stderr);
  assert.ok(errs[0].includes(state), errs[0]);
  assert.match(errs[0], new RegExp(`PID ${first.pid}\\b`));
  assert.doesNotMatch(second.stderr, /recovered|listening on/);
  assert.deepEqual(snapshot(state), before, 'the second daemon changed files');
  const after = readdirSync(join(state, 'journal')).map((f) => readFileSync(join(state, 'journal', f), 'utf8')).join('');
  assert.equal(after, journal);

  // the first one carries on with the same conversation
  const turn = await conv.say('why?');
  assert.ok(turn.at(-1).done);
  assert.ok(turn.at(-1).seq > 0);
  c.close();
});
