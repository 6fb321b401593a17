// SPDX-License-Identifier: ISC
// nu17, an operator's first move of a `make run` state directory to
// PostgreSQL, following README "Several instances" (signing_key set to a
// key shared by every instance, made with `advisor keygen`): at the start
// with `store`, the open conversation signed with the state directory's
// own generated key is moved into PostgreSQL and ended in the local
// journal, and then no instance can take it over (`key_mismatch`, the
// moving instance included) and a start without `store` no longer has it:
// the user's conversation is lost.  The move should leave such a
// conversation in the local journal and say why (as it does for the other
// cases of daemon/STORE-PG.md "Moving to PostgreSQL").  The cluster is
// the test's own (pg.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
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
