// An operator's checks, from the documentation alone (advisord(8),
// advisord.conf(5)): what the log says when max_state_bytes refuses, and
// what it says about conversations left open across a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser, tempDir } from './lib.mjs';

// advisord.conf(5) log_level: "At info each connection, conversation,
// refusal and reload is logged"; a storage_full refusal was not.
test('a max_state_bytes refusal is named in the log', async () => {
  const d = await new Daemon(['--max-state-bytes', '1048576']).start();
  try {
    let refused = null;
    for (let i = 0; i < 40 && !refused; i++) {
      const { c, turn, conv } = await browser(d);
      refused = turn.find((m) => m.type === 'error' && m.code === 'storage_full');
      if (!refused) {
        for (const q of ['What is Pingora?', 'why?', 'What is the Rust salary?', 'help', 'summary']) await conv.say(q);
        await conv.send({ type: 'end' });
      }
      c.close();
    }
    assert.ok(refused, 'storage_full within 40 conversations of a 1 MiB budget');
    assert.equal(refused.limit, 'max_state_bytes');
    await d.waitLog(/refused.*max_state_bytes/);
    assert.match(d.log, /refused.*max_state_bytes/, 'the log names the refusal and its limit');
  } finally {
    await d.stop();
  }
});

// advisord(8) SIGTERM: "Drain ... close with 1001"; PROTOCOL.md 1001:
// "Conversations survive: reconnect later and resume".  They do, but the
// drain logs each as "end (shutdown ...)" and the next start calls a clean
// drain "an interruption": an operator reads that conversations were lost.
test('the log of a drain and restart says open conversations are kept for resume',
  async () => {
    const state = tempDir('advisord-state-');
    const d1 = await new Daemon(['--state-dir', state]).start();
    const { c, welcome, conv } = await browser(d1);
    await conv.say('What is Pingora?');
    c.terminate();
    await d1.stop();
    const d2 = await new Daemon(['--state-dir', state]).start();
    try {
      const key = welcome.conversation;
      assert.doesNotMatch(d1.log, new RegExp(`${key}: end \\(shutdown`), 'drain does not call a kept conversation ended');
      assert.doesNotMatch(d2.log, /after an interruption/, 'a clean drain is not an interruption');
    } finally {
      await d2.stop();
    }
  });

// STORE-PG.md: "The tables are made at the first connection (CREATE TABLE
// IF NOT EXISTS, under an advisory lock)".  Instances started together on a
// new database raced there: the lock was let go before the CREATE was
// committed, a second instance failed with a duplicate pg_type key ("PostgreSQL
// unreachable: the tables cannot be made") and its session kept the lock, so
// a third instance waited for it at start for ever, without listening or a
// log line.
test('instances started together on a new database all start', async (t) => {
  const { pgBin, PgCluster } = await import('./pg.mjs');
  const bin = pgBin();
  if (!bin) { t.skip('no PostgreSQL server binaries'); return; }
  const pg = await new PgCluster(bin).init();
  await pg.start();
  const ds = [0, 1, 2, 3].map(() => new Daemon(['--store', pg.conninfo]));
  try {
    const started = await Promise.allSettled(ds.map((d) => d.start({ timeoutMs: 20000 })));
    const failed = started.filter((s) => s.status === 'rejected').map((s) => String(s.reason).slice(0, 300));
    assert.deepEqual(failed, [], 'every instance starts');
    assert.equal(await pg.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), '0',
      'no instance keeps the schema lock');
    for (const d of ds) assert.doesNotMatch(d.log, /tables cannot be made/);
  } finally {
    await Promise.all(ds.map((d) => d.stop().catch(() => {})));
    await pg.destroy();
  }
});

// advisord(8) -n names the fix; for a metrics_listen port in use it told to
// choose another with --listen (the public port), not --metrics-listen.
test('a metrics_listen port in use is named with its own flag', async () => {
  const { createServer } = await import('node:net');
  const { run, ADVISORD } = await import('./lib.mjs');
  const srv = createServer();
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  const state = tempDir('advisord-state-');
  try {
    const r = await run(ADVISORD, ['-n', '--state-dir', state, '--listen', '127.0.0.1:0',
      '--metrics-listen', `127.0.0.1:${srv.address().port}`]);
    assert.equal(r.code, 1);
    const out = r.stdout + r.stderr;
    assert.match(out, /metrics_listen 127\.0\.0\.1:\d+: port \d+ is already in use/);
    assert.match(out, /--metrics-listen 127\.0\.0\.1:PORT/);
    assert.doesNotMatch(out, /--listen 127\.0\.0\.1:PORT/);
  } finally {
    srv.close();
  }
});
