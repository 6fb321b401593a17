// SPDX-License-Identifier: ISC
// rv1 review of HB17-1: a conversation that expired on instance A (idle
// past idle_timeout) but whose transcript could not be stored there (its
// transcripts directory failed) has its lease let go for another
// instance to sign it.  Its end must be in the shared store with that
// release: a resume of it on instance B is answered conversation_ended,
// never resumed as if it had not expired.  (Before, the end was queued
// as a journal line after the release, and the fence, which wants the
// owner, dropped it.)  The cluster is the test's own (pg.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, browser, tempDir, sleep } from './lib.mjs';
import { pgBin, cluster, seqsOf, resumeOn } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';

const args = (pg, state, extra) => ['--store', pg.conninfo, '--store-lease', '3', '--state-dir', state, ...extra];

test('expired on A, its transcript not stored there: a resume on B is refused conversation_ended, not resumed',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const sa = tempDir('advisord-rv1-a-');
    const a = await new Daemon(args(pg, sa, ['--idle-timeout', '3'])).start();
    t.after(() => a.stop());
    // B signs with A's key; its own idle_timeout is long: only the release decides
    const b = await new Daemon(args(pg, tempDir('advisord-rv1-b-'),
      ['--idle-timeout', '600', '--signing-key', join(sa, 'advisord.key')])).start();
    t.after(() => b.stop());
    const br = await browser(a);
    const seqs = seqsOf(br.turn);
    seqs.push(...seqsOf(await br.conv.say('What is Pingora?')));
    br.c.close();
    const tdir = join(sa, 'transcripts');
    renameSync(tdir, `${tdir}.away`);
    t.after(() => renameSync(`${tdir}.away`, tdir));
    // idle 3 s, then the expiry: under load it has taken more than 30 s
    for (let i = 0; i < 900 && !/storing it failed; its end is recorded/.test(a.log); i++) await sleep(100);
    assert.match(a.log, /storing it failed; its end is recorded/, 'A expired it and could not store it');
    const { c, turn } = await resumeOn(b, { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: seqs.at(-1) });
    c.close();
    const last = turn.at(-1);
    assert.equal(last.code, 'conversation_ended', `the resume on B: ${JSON.stringify(turn)}\n${b.log.split('\n').slice(-15).join('\n')}`);
  });
