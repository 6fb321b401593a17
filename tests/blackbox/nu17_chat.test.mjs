// SPDX-License-Identifier: ISC
// nu17, an operator's first run of a cluster: `advisor chat --resume NAME`
// for a conversation the daemon no longer has prints "this conversation is
// over: ... starting a new one" and waited silently until killed; since
// f30 it says the refusal and exits 1 (the user asked for that one, not a
// new one), and it ends at end of input in any case.  (A resume refused as key_mismatch exits 1
// with its reason: nu17_pg.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ADVISOR, Daemon } from './lib.mjs';
import { Pty } from './clients-lib.mjs';

let d;
before(async () => { d = await new Daemon().start(); });
after(async () => { await d.stop(); });

// f30: a resume the daemon refuses (unknown_conversation, bad_token) is
// no longer taken as the end of that conversation followed by a new one:
// the refusal is said on stderr, exit 1 (f30_resume_refused.test.mjs).
test('chat --resume of an unknown conversation says the refusal and exits 1, starting nothing',
  async () => {
    const pty = new Pty([ADVISOR, 'chat', d.wsUrl, '--resume', 'c-00000000000000000001'], { NO_COLOR: '1', ADVISOR_TOKEN: 'y'.repeat(43) });
    let ex;
    try {
      ex = await Promise.race([pty.exit, pty.waitFor(() => false, { timeoutMs: 15000, what: 'chat to exit' })]);
    } finally { pty.kill(); }
    assert.equal(ex.code, 1, pty.text);
    assert.match(pty.text, /conversation c-00000000000000000001 cannot be resumed here: unknown_conversation/);
    assert.doesNotMatch(pty.text, /starting a new one|What are you building|^> /m, pty.text);
  });

test('chat --resume of an unknown conversation still ends at end of input, as it does otherwise',
  async () => {
    const p = spawn(ADVISOR, ['chat', d.wsUrl, '--resume', 'c-00000000000000000001'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    p.stdout.on('data', (b) => { out += b; });
    p.stderr.on('data', (b) => { out += b; });
    const exited = new Promise((res) => p.on('exit', (code) => res(code)));
    try {
      // the notice first, then end of input (a plain `chat` exits 0 here)
      const seen = new Promise((res) => { const iv = setInterval(() => { if (/unknown_conversation/.test(out)) { clearInterval(iv); res(true); } }, 50); setTimeout(() => { clearInterval(iv); res(false); }, 15000); });
      assert.ok(await seen, `the unknown_conversation notice:\n${out}`);
      p.stdin.end();
      const code = await Promise.race([exited, new Promise((res) => setTimeout(() => res('still running'), 10000))]);
      assert.notEqual(code, 'still running', `chat did not exit at end of input:\n${out}`);
    } finally { p.kill('SIGKILL'); }
  });
