// SPDX-License-Identifier: ISC
// advisor chat --resume NAME with a wrong token (or a name the daemon
// does not know), against the real daemon: a new user saw
// "(conversation NAME ended)", exit 0, and the wrong token written over
// the saved one, locking them out of a conversation still open. The
// daemon's refusal is what they must see, with a non-zero exit, and the
// saved token must stay as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, Daemon, run, tempDir } from './lib.mjs';

let d;
before(async () => { d = await new Daemon().start(); });
after(async () => { await d.stop(); });

// Detach a new conversation; returns its name and the saved token file.
async function detached(env, home) {
  const a = await run(ADVISOR, ['chat', d.wsUrl], { input: 'I write proxies in Rust\n/detach\n', env });
  assert.equal(a.code, 0, a.stdout + a.stderr);
  const name = a.stdout.match(/left conversation (c-[0-9a-f]+) open/)[1];
  const file = join(home, 'advisor', `${name}.token`);
  assert.ok(existsSync(file), a.stdout);
  return { name, file };
}

for (const input of ['', '/quit\n', 'hello\n']) {
  test(`resume with a wrong token (input ${JSON.stringify(input)}) prints bad_token, exits non-zero, keeps the saved token`, async () => {
    const home = tempDir('advisor-badtok-');
    const env = { ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1' };
    try {
      const { name, file } = await detached(env, home);
      const saved = readFileSync(file, 'utf8');
      const bad = join(home, 'bad');
      writeFileSync(bad, 'x'.repeat(43) + '\n');
      const r = await run(ADVISOR, ['chat', d.wsUrl, '--resume', name, '--token-file', bad], { input, env });
      const all = r.stdout + r.stderr;
      assert.notEqual(r.code, 0, all);
      assert.match(r.stderr, /bad_token/, all);
      assert.doesNotMatch(all, /ended\)/, all);
      assert.doesNotMatch(all, /keeps its signed transcript/, all);
      assert.doesNotMatch(all, /starting a new one/, all);
      assert.equal(readFileSync(file, 'utf8'), saved, 'the saved token is untouched');
      // and it still resumes the conversation, which is still open
      const b = await run(ADVISOR, ['chat', d.wsUrl, '--resume', name], { input: '/detach\n', env });
      assert.equal(b.code, 0, b.stdout + b.stderr);
      assert.match(b.stdout, new RegExp(`left conversation ${name} open`));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
}

test('resume of a name the daemon does not know prints unknown_conversation, exits non-zero, writes no token', async () => {
  const home = tempDir('advisor-unknown-');
  const env = { ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1' };
  try {
    const tok = join(home, 'tok');
    writeFileSync(tok, 'y'.repeat(43) + '\n');
    const r = await run(ADVISOR, ['chat', d.wsUrl, '--resume', 'c-0123456789abcdef', '--token-file', tok], { input: '', env });
    const all = r.stdout + r.stderr;
    assert.notEqual(r.code, 0, all);
    assert.match(r.stderr, /unknown_conversation/, all);
    assert.doesNotMatch(all, /ended\)|keeps its signed transcript|starting a new one/, all);
    assert.ok(!existsSync(join(home, 'advisor', 'c-0123456789abcdef.token')), 'no token written');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

// Where the token is kept, and when it goes: a conversation resumed from
// its kept token and ended with --save DIR has its final transcript in
// DIR; its token then opens nothing more and is removed. Without --save
// the token stays, for advisor transcript NAME URL.
test('ending a resumed conversation with --save removes its kept token; without --save it stays', async () => {
  const home = tempDir('advisor-endtok-');
  const env = { ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1' };
  try {
    const { name, file } = await detached(env, home);
    const out = join(home, 'out');
    const r = await run(ADVISOR, ['chat', d.wsUrl, '--resume', name, '--save', out], { input: '/quit\n', env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`conversation ${name} ended`));
    assert.match(r.stdout, /signed transcript saved: /);
    assert.ok(!existsSync(file), `${file} is removed once the final transcript is saved`);

    const two = await detached(env, home);
    const s = await run(ADVISOR, ['chat', d.wsUrl, '--resume', two.name], { input: '/quit\n', env });
    assert.equal(s.code, 0, s.stdout + s.stderr);
    assert.ok(existsSync(two.file), 'kept for advisor transcript NAME URL');
    // (the line is wrapped to the terminal's width: compare without breaks)
    assert.ok(s.stdout.replace(/\s+/g, '').includes(`itstokeniskeptin${two.file}`), s.stdout);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('advisor --help and the README say where chat keeps resume tokens and when the file goes', async () => {
  const h = await run(ADVISOR, ['--help']);
  assert.equal(h.code, 0, h.stderr);
  const help = h.stdout.replace(/\s+/g, ' ');
  assert.match(help, /advisor chat --resume NAME URL/);
  assert.match(help, /\$XDG_STATE_HOME\/advisor\/NAME\.token/);
  assert.match(help, /~\/\.local\/state\/advisor\/NAME\.token/);
  assert.match(help, /removed when the conversation ends with --save DIR/);
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
  assert.match(readme, /`~\/\.local\/state\/advisor\/NAME\.token`/);
  assert.match(readme, /`advisor chat --resume NAME URL` and `advisor transcript NAME URL` find it/);
  assert.match(readme, /The file is removed when the conversation ends with `--save DIR`/);
});

// The daemon's log for a wrong token on an ended conversation's final
// transcript said "resume refused: unknown_conversation", as if no token
// had been tried: an operator could not tell a guessed token from a
// client asking for what expired. It says bad_token, never the token.
test('a wrong token for a kept final transcript is logged as bad_token, without the token', async () => {
  const home = tempDir('advisor-finaltok-');
  const env = { ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1' };
  try {
    const a = await run(ADVISOR, ['chat', d.wsUrl], { input: 'I write proxies in Rust\n/quit\n', env });
    assert.equal(a.code, 0, a.stdout + a.stderr);
    const name = a.stdout.match(/conversation (c-[0-9a-f]+) ended/)[1];
    const wrong = 'z'.repeat(43);
    const r = await run(ADVISOR, ['transcript', name, d.wsUrl, '-o', join(home, 'out')], { env: { ...env, ADVISOR_TOKEN: wrong } });
    assert.notEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /bad_token/, r.stderr);
    const line = new RegExp(`conversation ${name}: resume refused: (\\w+)`);
    assert.ok(await d.waitLog(line), d.log.slice(-2000));
    const lines = d.log.split('\n').filter((l) => line.test(l));
    assert.ok(lines.every((l) => l.match(line)[1] === 'bad_token'), lines.join('\n'));
    assert.ok(!d.log.includes(wrong), 'the token is never logged');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
