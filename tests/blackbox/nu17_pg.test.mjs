// SPDX-License-Identifier: ISC
// nu17, an operator's first move of a `make run` state directory to
// PostgreSQL, following README "Several instances" (signing_key set to a
// key shared by every instance, made with `advisor keygen`): the open
// conversation signed with the state directory's own generated key could
// be taken over by no instance (`key_mismatch`), so the move keeps it in
// the local journal and says why and which key it needs (as for the
// other cases of daemon/STORE-PG.md "Moving to PostgreSQL"); once moved
// and ended there, the user's conversation was lost.  The cluster is the
// test's own (pg.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ADVISOR, Daemon, browser, run, tempDir } from './lib.mjs';
import { pgBin, cluster, seqsOf, resumeOn } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';

test('moving to PostgreSQL with a new shared signing_key leaves a conversation signed by the old key in the local journal, said, still resumable there',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const state = tempDir('advisord-nu17-state-');
    const keys = tempDir('advisord-nu17-key-');
    t.after(() => { rmSync(state, { recursive: true, force: true }); rmSync(keys, { recursive: true, force: true }); });
    // `make run`: the local journal, the key generated in the state directory
    const local = await new Daemon(['--state-dir', state]).start();
    const br = await browser(local);
    const seqs = seqsOf(br.turn);
    seqs.push(...seqsOf(await br.conv.say('What is Pingora?')));
    br.c.close();
    assert.equal((await local.stop()).code, 0);
    const resume = { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: seqs.at(-1) };
    // README "Several instances": one key for every instance
    assert.equal((await run(ADVISOR, ['keygen', '-o', keys])).code, 0);
    const a = await new Daemon(['--state-dir', state, '--store', pg.conninfo, '--store-lease', '3',
      '--signing-key', join(keys, 'advisord.key')]).start();
    t.after(() => a.stop());
    assert.match(a.log, new RegExp(`conversation \\S*${br.welcome.conversation} not moved to PostgreSQL: .*key`), a.log);
    await a.stop();
    // kept: the state directory's own start resumes it
    const back = await new Daemon(['--state-dir', state]).start();
    t.after(() => back.stop());
    const r = await resumeOn(back, resume);
    assert.equal(r.turn.at(-1).type, 'resumed', JSON.stringify(r.turn));
    r.c.close();
  });

// `advisor chat --resume` of a conversation an instance refuses as
// key_mismatch (the instances were given another key than the one it was
// started with) exits non-zero with one line saying why and which key,
// instead of waiting silently; end of input is not needed to get out.
test('chat --resume refused as key_mismatch exits non-zero with the reason and the key it needs',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const common = ['--store', pg.conninfo, '--store-lease', '3'];
    const a = await new Daemon(common).start();
    t.after(() => a.stop());
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    br.c.close();
    await a.stop();
    // another instance with its own generated key: not the conversation's
    const b = await new Daemon(common).start();
    t.after(() => b.stop());
    const p = spawn(ADVISOR, ['chat', b.wsUrl, '--resume', br.welcome.conversation], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ADVISOR_TOKEN: br.welcome.token } });
    let out = '';
    let err = '';
    p.stdout.on('data', (x) => { out += x; });
    p.stderr.on('data', (x) => { err += x; });
    const exited = new Promise((res) => p.on('exit', (code) => res(code)));
    try {
      // stdin stays open: only the refusal may end it
      const code = await Promise.race([exited, new Promise((res) => setTimeout(() => res('still running'), 30000))]);
      assert.notEqual(code, 'still running', `chat waits after the refusal:\n${out}${err}`);
      assert.notEqual(code, 0, out + err);
      const line = err.split('\n').find((l) => /key_mismatch/.test(l));
      assert.ok(line, `no one-line reason on stderr:\n${err}`);
      assert.match(line, new RegExp(`${br.welcome.conversation}.*signed with key [0-9A-F]{16}.*make key [0-9A-F]{16}.*signing_key`), line);
    } finally { p.kill('SIGKILL'); }
  });
