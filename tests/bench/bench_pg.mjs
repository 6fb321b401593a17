// SPDX-License-Identifier: ISC
// Complete conversations per second (hello, six turns, end with the signed
// transcript) with 1 and 3 advisord instances on PostgreSQL, against 1
// instance on the local journal (the baseline), measured in the same run,
// rounds interleaved, medians reported.  The clients spread over the
// instances directly (the store is what is measured, not a proxy).  On a
// 2-core machine three instances, PostgreSQL and the clients share the
// cores: the ratios show where the time goes, not a scaling figure.
import { Daemon, connect, sleep } from '../blackbox/lib.mjs';
import { pgBin, PgCluster } from '../blackbox/pg.mjs';

const CLIENTS = Number(process.env.BENCH_PG_CLIENTS ?? 24);
const SECONDS = Number(process.env.BENCH_PG_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_PG_ROUNDS ?? 3);
const SAYS = ['Java dev building APIs on Kubernetes', 'why?', 'What is Pingora?', '1', 'summary', 'back'];

async function oneConversation(url) {
  const c = await connect(url);
  try {
    await c.turn(c.request({ type: 'hello' }), 30000);
    for (const text of SAYS) {
      const t = await c.turn(c.request({ type: 'say', text }), 30000);
      if (t.at(-1).code === 'rate_limited') await sleep(t.at(-1).retry_after_ms);
    }
    const end = await c.turn(c.request({ type: 'end' }), 30000);
    if (end[0].type !== 'transcript') throw new Error(JSON.stringify(end[0]));
  } finally {
    c.close();
  }
}

async function measure(ds) {
  let done = 0;
  const stop = Date.now() + SECONDS * 1000;
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
    const url = ds[i % ds.length].wsUrl;
    while (Date.now() < stop) {
      await oneConversation(url);
      done++;
    }
  }));
  return done / ((Date.now() - t0) / 1000);
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function main() {
  const bin = pgBin();
  if (!bin) {
    console.log('bench_pg: skipped: PostgreSQL server binaries not found (tests/deps.sh installs postgresql)');
    return;
  }
  const pg = await new PgCluster(bin).init();
  await pg.start();
  const limits = ['--rate-conversation', '100', '--rate-conversation-burst', '200'];
  const local = await new Daemon(limits).start();
  const store = ['--store', pg.conninfo, ...limits];
  const p1 = [await new Daemon(store).start()];
  const key = `${p1[0].stateDir}/advisord.key`;
  const p3 = [await new Daemon([...store, '--signing-key', key]).start()];
  for (let i = 0; i < 2; i++) p3.push(await new Daemon([...store, '--signing-key', key]).start());
  const all = [local, ...p1, ...p3];
  const res = { local: [], pg1: [], pg3: [] };
  try {
    for (let r = 0; r < ROUNDS; r++) {
      res.local.push(await measure([local]));
      res.pg1.push(await measure(p1));
      res.pg3.push(await measure(p3));
    }
  } catch (e) {
    for (const d of all) console.error(d.log.split('\n').filter((l) => /warn|error/.test(l)).slice(0, 20).join('\n'));
    throw e;
  } finally {
    await Promise.all(all.map((d) => d.stop()));
    await pg.destroy();
  }
  const base = median(res.local);
  console.log(`bench_pg: complete conversations per second (hello, ${SAYS.length} turns, end), ${CLIENTS} clients, ` +
    `${SECONDS} s x ${ROUNDS} rounds, medians`);
  console.log(`  1 instance, local journal (baseline)  ${base.toFixed(1)}/s  1.00`);
  console.log(`  1 instance, PostgreSQL                ${median(res.pg1).toFixed(1)}/s  ${(median(res.pg1) / base).toFixed(2)}`);
  console.log(`  3 instances, PostgreSQL               ${median(res.pg3).toFixed(1)}/s  ${(median(res.pg3) / base).toFixed(2)}`);
  console.log(`  rounds: local ${res.local.map((x) => x.toFixed(1))}, pg1 ${res.pg1.map((x) => x.toFixed(1))}, ` +
    `pg3 ${res.pg3.map((x) => x.toFixed(1))}`);
}

await main();
