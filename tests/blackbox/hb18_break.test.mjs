// SPDX-License-Identifier: ISC
// Hostile review hb18 of the day's PostgreSQL changes: resume tokens kept
// as their SHA-256 (restoken.c), final transcripts not returned while the
// name is open again (finals.c), the connection back-off, the reply to
// `end` waiting for its commit.  Each finding is a test (HB18_FINDINGS.md);
// the attacks that held are plain tests.  Each test starts its own cluster
// (pg.mjs) and instances on free loopback ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Daemon, connect, browser, tempDir } from './lib.mjs';
import { pgBin, cluster, askFinal, resumeOn } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';
const KEY = 'hb18-bot-secret-0123456789abcdef';

function args(pg, state, key, extra = []) {
  return ['--store', pg.conninfo, '--store-lease', '3', '--api-key', `bot:${KEY}`,
    '--http-api', '1', '--state-dir', state, ...(key ? ['--signing-key', key] : []), ...extra];
}

async function two(t, pg, extra = []) {
  const sa = tempDir('advisord-hb18-a-');
  const sb = tempDir('advisord-hb18-b-');
  const a = await new Daemon(args(pg, sa, null, extra)).start();
  t.after(() => a.stop());
  const key = join(sa, 'advisord.key');
  const b = await new Daemon(args(pg, sb, key, extra)).start();
  t.after(() => b.stop());
  return { a, b, sa, sb, key };
}

test('HB18-1: a take-over on another instance refuses a token that is the right one followed by more characters (it was cut to 64 before being compared)',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const { a, b } = await two(t, pg);
    const br = await browser(a);
    await br.conv.say('What is Pingora?');
    const tok = br.welcome.token;
    const name = br.welcome.conversation;
    br.c.close();
    // held on A: A compares the whole token
    const here = await resumeOn(a, { conversation: name, token: `${tok}00`, last_seq: 0 });
    here.c.close();
    assert.equal(here.turn.at(-1).code, 'bad_token', JSON.stringify(here.turn));
    a.kill('SIGKILL');
    for (const bad of [`${tok}0`, `${tok}${"f".repeat(64)}`, tok.toUpperCase(), tok.slice(0, 63)]) {
      const r = await resumeOn(b, { conversation: name, token: bad, last_seq: 0 });
      r.c.close();
      assert.equal(r.turn.at(-1).code, 'bad_token', `${bad.length} chars: ${JSON.stringify(r.turn)}`);
    }
    // the token itself still takes it over
    const { c, turn } = await resumeOn(b, { conversation: name, token: tok, last_seq: 0 });
    c.close();
    assert.equal(turn.at(-1).type, 'resumed', JSON.stringify(turn));
  });
