// SPDX-License-Identifier: ISC
// nu17, an operator's first run of a cluster: `advisor chat --resume NAME`
// for a conversation the daemon no longer has prints "this conversation is
// over: ... starting a new one"; it must then start it (its first
// question, a prompt, typed lines answered) and end at end of input, not
// wait silently until killed.  (A resume refused as key_mismatch exits 1
// with its reason: nu17_pg.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ADVISOR, Daemon } from './lib.mjs';
import { Pty } from './clients-lib.mjs';

let d;
before(async () => { d = await new Daemon().start(); });
after(async () => { await d.stop(); });

test('chat --resume of an unknown conversation starts the new one it announces and answers what is typed',
  async () => {
    const pty = new Pty([ADVISOR, 'chat', d.wsUrl, '--resume', 'c-00000000000000000001'], { NO_COLOR: '1' });
    try {
      await pty.waitFor(/starting a new one/, { what: 'the unknown_conversation notice' });
      // what it announced: a new conversation, its first question and a prompt
      await pty.waitFor(/What are you building[\s\S]*\n> $/, { timeoutMs: 10000, what: 'the new conversation\'s first question' });
      const t = await pty.turn('What is Pingora?', { timeoutMs: 10000 });
      assert.match(t, /Pingora/i, t);
    } finally { pty.kill(); }
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
