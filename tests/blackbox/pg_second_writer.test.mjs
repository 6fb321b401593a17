// SPDX-License-Identifier: ISC
// A second writer on a conversation's records (issue 17): records are
// inserted ON CONFLICT DO NOTHING (a retried group commit writes the same
// rows again), so a record of another writer at the same seq must not
// make a turn look stored.  Here the other writer is simulated by a row
// put at the conversation's next seq (as an instance that lost the lease
// and took it back while a stale copy of the conversation still sent
// would put it): the turn is refused storage_failed, never acknowledged,
// and nothing of it is stored.  The cluster is the test's own (pg.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser } from './lib.mjs';
import { pgBin, cluster } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';

test('a record of another writer already at the next seq: the turn is refused storage_failed, nothing of it acknowledged or stored', { skip }, async (t) => {
  const pg = await cluster(t);
  const a = await new Daemon(['--store', pg.conninfo, '--store-lease', '3']).start();
  t.after(() => a.stop());
  const br = await browser(a);
  const first = await br.conv.say('What is Pingora?');
  assert.ok(first.at(-1).seq !== undefined, JSON.stringify(first.at(-1)));
  const id = await pg.psql(`SELECT id FROM advisord_conv WHERE key LIKE '%/${br.welcome.conversation}'`);
  const next = Number(await pg.psql(`SELECT max(seq) + 1 FROM advisord_rec WHERE id = '${id}'`));
  await pg.psql(`INSERT INTO advisord_rec (id, seq, head, data, instance) VALUES ('${id}', ${next}, '${'0'.repeat(64)}', '{"intruder":true}', 'intruder')`);
  const turn = await br.conv.say('why?');
  assert.equal(turn.at(-1).code, 'storage_failed', JSON.stringify(turn));
  assert.equal(turn.at(-1).resumable, true);
  assert.deepEqual(turn.filter((m) => m.seq !== undefined), [], `acknowledged: ${JSON.stringify(turn)}`);
  // the intruder's row is the only one at or past that seq
  assert.equal(await pg.psql(`SELECT string_agg(instance, ',') FROM advisord_rec WHERE id = '${id}' AND seq >= ${next}`), 'intruder');
  // the log is a pipe of its own: the line may come after the answer
  await a.waitLog(new RegExp(`seq ${next} is already stored with another record: its turn is refused`));
  assert.match(a.log, new RegExp(`seq ${next} is already stored with another record: its turn is refused`));
  br.c.close();
});
