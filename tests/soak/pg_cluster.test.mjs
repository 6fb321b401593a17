// SPDX-License-Identifier: ISC
// Issue 17's acceptance, run by `make soak`: a PostgreSQL cluster of the
// test's own, three advisord instances on it, HAProxy in front with
// contrib/haproxy-cluster.cfg, then nginx with contrib/nginx-cluster.conf
// (ports swapped for free ones): 50 concurrent
// conversations (browser-style, and integrations with API keys) through
// HAProxy; one instance is SIGKILLed mid-run, and later PostgreSQL is
// restarted.  Asserted: every conversation of the killed instance resumes
// through HAProxy on another one; no acknowledged turn is lost; seq runs
// 1..N without gaps or repeats as each client saw it; every final
// transcript verifies with minisign -Vm and advisor verify; in PostgreSQL
// no conversation's records were written by two instances in turn more
// than the one take-over (never served by two); service comes back after
// the PostgreSQL restart without restarting advisord.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ADVISOR, Daemon, Client, run, tempDir, sleep } from '../blackbox/lib.mjs';
import { pgBin, PgCluster, freePort } from '../blackbox/pg.mjs';

const BIN = pgBin();

// The proxies, each started with its example file, ports swapped.
const PROXIES = {
  haproxy: {
    bin: '/usr/sbin/haproxy',
    start(work, port, ds) {
      let cfg = readFileSync(join(ROOT, 'contrib', 'haproxy-cluster.cfg'), 'utf8')
        .replace(/^\tbind 127\.0\.0\.1:80$/m, `\tbind 127.0.0.1:${port}`);
      ds.forEach((d, i) => { cfg = cfg.replace(` 127.0.0.1:808${i + 1} `, ` 127.0.0.1:${d.port} `); });
      assert.ok(cfg.includes(`:${port}\n`) && ds.every((d) => cfg.includes(`:${d.port} cookie`)), 'the example has the lines the test swaps');
      writeFileSync(join(work, 'haproxy.cfg'), cfg);
      return spawn(this.bin, ['-db', '-f', join(work, 'haproxy.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
    },
  },
  nginx: {
    bin: '/usr/sbin/nginx',
    start(work, port, ds) {
      let site = readFileSync(join(ROOT, 'contrib', 'nginx-cluster.conf'), 'utf8')
        .replace(/^\tlisten 80;$/m, `\tlisten 127.0.0.1:${port};`);
      ds.forEach((d, i) => { site = site.replace(` 127.0.0.1:808${i + 1} `, ` 127.0.0.1:${d.port} `); });
      assert.ok(site.includes(`:${port};`) && ds.every((d) => site.includes(`:${d.port} max_fails`)), 'the example has the lines the test swaps');
      writeFileSync(join(work, 'site.conf'), site);
      writeFileSync(join(work, 'nginx.conf'), [
        `pid ${work}/nginx.pid;`, 'error_log stderr;', 'daemon off;', 'worker_processes 1;', 'events {}',
        'http {', 'access_log off;', `client_body_temp_path ${work}/b;`, `proxy_temp_path ${work}/p;`,
        `include ${work}/site.conf;`, '}', ''].join('\n'));
      return spawn(this.bin, ['-p', work, '-c', join(work, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    },
  },
};
const KEY = 'cluster-bot-secret-0123456789abcdef';
const BROWSERS = Number(process.env.PG_BROWSERS ?? 35);
const INTEGRATIONS = Number(process.env.PG_INTEGRATIONS ?? 15);
const TURNS = 16;
const INPUTS = ['What is Pingora?', '1', 'why?', '2', 'What is the Rust salary?', 'back', '3',
  'summary', 'a proxy', 'what would change it', 'restart', 'Java dev building APIs on Kubernetes'];

// One conversation's client: it keeps HAProxy's cookie, and after its
// connection dies it reconnects through HAProxy and resumes.
class Runner {
  constructor(url, n, integration) {
    this.url = url;
    this.n = n;
    this.integration = integration;
    this.cookie = null;
    this.cookies = [];		// every server cookie it was given, in order
    this.seen = new Map();	// seq -> message type, as received
    this.acked = [];		// request ids whose turn completed
    this.lastSeq = 0;
    this.errors = [];
    this.done = 0;
    this.spans = [];		// [sent, answered] of each answered turn
  }

  async connect() {
    const headers = {};
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.integration) headers.Authorization = `Bearer ${KEY}`;
    for (let i = 0; ; i++) {
      const c = new Client(this.url, { headers });
      c.ws.on('upgrade', (res) => {
        const sc = res.headers['set-cookie'];
        if (sc) {
          this.cookie = sc[0].split(';')[0];
          if (this.cookies.at(-1) !== this.cookie) this.cookies.push(this.cookie);
        }
      });
      c.ws.on('message', (data) => {
        let m;
        try { m = JSON.parse(data.toString()); } catch { return; }
        if (m.seq === undefined) return;
        if (this.seen.has(m.seq)) this.errors.push(`seq ${m.seq} received twice`);
        this.seen.set(m.seq, m.type);
        if (m.seq > this.lastSeq) this.lastSeq = m.seq;
      });
      try {
        await c.opened();
        return c;
      } catch (e) {
        if (i > 300) throw e;	/* HAProxy has no server up: wait */
        await sleep(100);
      }
    }
  }

  async start() {
    this.c = await this.connect();
    if (this.integration) {
      await this.c.turn(this.c.request({ type: 'hello' }), 20000);
      this.name = `irc:soak:#c${this.n}:u${this.n}`;
      const op = await this.c.turn(this.c.request({ type: 'open', conversation: this.name }), 20000);
      this.token = op[0].token;
    } else {
      const t = await this.c.turn(this.c.request({ type: 'hello' }), 20000);
      this.name = t[0].conversation;
      this.token = t[0].token;
    }
  }

  // Reconnect and resume; true once resumed.
  async resume() {
    for (let i = 0; i < 200; i++) {
      this.c?.terminate();
      try {
        this.c = await this.connect();
        let t;
        if (this.integration) {
          await this.c.turn(this.c.request({ type: 'hello' }), 20000);
          t = await this.c.turn(this.c.request({ type: 'resume', conversation: this.name, token: this.token,
            last_seq: this.lastSeq }), 20000);
        } else {
          t = await this.c.turn(this.c.request({ type: 'hello', resume: { conversation: this.name, token: this.token,
            last_seq: this.lastSeq } }), 20000);
        }
        const last = t.at(-1);
        if (last.type === 'resumed') {
          this.resumes = (this.resumes ?? 0) + 1;
          return;
        }
        if (!['conversation_busy', 'store_unavailable'].includes(last.code))
          throw new Error(`resume of ${this.name}: ${JSON.stringify(last)}`);
      } catch (e) {
        if (/^resume of/.test(e.message)) throw e;
      }
      await sleep(200);
    }
    throw new Error(`${this.name}: could not resume`);
  }

  async turns(upto) {
    const conv = this.integration ? { conversation: this.name } : {};
    while (this.done < upto) {
      // a person types: the conversations overlap the kill and the restart
      await sleep(100 + Math.random() * 150);
      const id = `t${this.done}-${Math.random().toString(16).slice(2, 8)}`;
      let turn;
      try {
        const sent = Date.now();
        this.c.send({ type: 'say', id, text: INPUTS[this.done % INPUTS.length], ...conv });
        turn = await this.c.turn(id, 20000);
        this.spans.push([sent, Date.now()]);
      } catch {
        // the connection died (or the reply waits too long): resume; the
        // replay may carry the turn's answer
        await this.resume();
        const got = this.c.queue.filter((m) => m.re === id);
        if (got.some((m) => m.done)) {
          this.acked.push(id);
          this.done++;
        }
        continue;
      }
      const last = turn.at(-1);
      if (last.type === 'error' && last.code === 'rate_limited') {
        await sleep(last.retry_after_ms);
        continue;
      }
      if (last.type === 'error' && last.code === 'storage_failed') {
        // PostgreSQL was away too long: not acknowledged; resume, again
        await this.resume();
        continue;
      }
      this.acked.push(id);
      this.done++;
    }
  }

  async end() {
    const conv = this.integration ? { conversation: this.name } : {};
    for (;;) {
      try {
        const id = this.c.request({ type: 'end', ...conv });
        const t = await this.c.turn(id, 20000);
        if (t[0].type !== 'transcript') throw new Error(JSON.stringify(t));
        this.transcript = t[0];
        this.c.close();
        return;
      } catch {
        await this.resume();
      }
    }
  }
}

for (const [proxy, px] of Object.entries(PROXIES)) {
const skip = !BIN ? 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)'
  : !existsSync(px.bin) ? `${px.bin} is not installed (tests/deps.sh installs it)` : false;
test(`3 instances on PostgreSQL behind ${proxy}: 50 conversations, SIGKILL of one, PostgreSQL restarted`, { skip, timeout: 600000 }, async (t) => {
  const work = tempDir('advisord-cluster-');
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const pg = await new PgCluster(BIN).init();
  await pg.start();
  t.after(() => pg.destroy());
  const common = ['--store', pg.conninfo, '--store-lease', '6', '--trusted-proxies', '127.0.0.1',
    '--api-key', `bot:${KEY}`, '--rate-conversation', '100', '--rate-conversation-burst', '200'];
  const ds = [await new Daemon(common).start()];
  t.after(() => ds[0].stop());
  const key = join(ds[0].stateDir, 'advisord.key');
  for (let i = 1; i < 3; i++) {
    const d = await new Daemon([...common, '--signing-key', key]).start();
    t.after(() => d.stop());
    ds.push(d);
  }
  // PG_CLUSTER_LOGS=DIR keeps the instances' logs there
  if (process.env.PG_CLUSTER_LOGS)
    t.after(() => ds.forEach((d, i) => writeFileSync(join(process.env.PG_CLUSTER_LOGS, `advisord${i + 1}.log`), d.log)));
  const instanceOf = (d) => d.log.match(/instance (advisord-\S+), leases/)[1];

  const port = await freePort();
  const hp = px.start(work, port, ds);
  let hplog = '';
  hp.stdout.on('data', (d) => { hplog += d; });
  hp.stderr.on('data', (d) => { hplog += d; });
  t.after(() => hp.kill('SIGTERM'));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/readyz`)).status === 200) break; } catch { /* not yet */ }
    if (i > 200) throw new Error(`${proxy} never answered: ${hplog}`);
    await sleep(50);
  }

  const url = `ws://127.0.0.1:${port}/ws`;
  const runners = [];
  for (let i = 0; i < BROWSERS; i++) runners.push(new Runner(url, i, false));
  for (let i = 0; i < INTEGRATIONS; i++) runners.push(new Runner(url, BROWSERS + i, true));
  await Promise.all(runners.map((r) => r.start()));
  await Promise.all(runners.map((r) => r.turns(3)));

  // SIGKILL the instance holding the most conversations, while turns run
  // (who holds what: the writer of each conversation's first record)
  const firstWriter = new Map((await pg.psql('SELECT c.key, r.instance FROM advisord_conv c JOIN advisord_rec r '
    + 'USING (id) WHERE r.seq = 0')).split('\n').map((l) => l.split('|')));
  const keyOf = (r) => (r.integration ? `bot/${r.name}` : `/${r.name}`);
  const counts = ds.map((d) => runners.filter((r) => firstWriter.get(keyOf(r)) === instanceOf(d)).length);
  const victim = counts.indexOf(Math.max(...counts));
  const victimId = instanceOf(ds[victim]);
  const moved = runners.filter((r) => firstWriter.get(keyOf(r)) === victimId);
  assert.ok(moved.length > 0, `held: ${counts}`);
  const phase2 = Promise.all(runners.map((r) => r.turns(7)));
  await sleep(300);
  ds[victim].kill('SIGKILL');
  await phase2;

  // PostgreSQL restarted while turns run: waits or errors, nothing lost
  const phase3 = Promise.all(runners.map((r) => r.turns(TURNS)));
  await sleep(200);
  const down = Date.now();
  await pg.stop('fast');
  await sleep(1500);
  await pg.start();
  const up = Date.now();
  await phase3;
  // turns sent while PostgreSQL was down were answered after it came back
  const waited = runners.reduce((n, r) => n + r.spans.filter(([s, a]) => s >= down && s < up && a >= up).length, 0);
  assert.ok(waited > 0, 'no turn was in flight while PostgreSQL was down');
  await Promise.all(runners.map((r) => r.end()));

  // every conversation of the killed instance resumed on another one
  for (const r of moved) assert.ok(r.resumes > 0, `${r.name} never resumed`);
  const survivors = ds.filter((_, i) => i !== victim);
  const takeovers = survivors.reduce((n, d) => n + [...d.log.matchAll(new RegExp(`taken over from ${victimId}`, 'g'))].length, 0);
  assert.ok(takeovers >= moved.length, `${takeovers} take-overs for ${moved.length} conversations`);

  const pub = join(work, 'pub');
  writeFileSync(pub, await (await fetch(`${survivors[0].url}/pubkey`)).text());
  for (const r of runners) {
    assert.deepEqual(r.errors, [], r.name);
    // seq 1..N as the client saw it, no gaps, no repeats
    const seqs = [...r.seen.keys()].sort((a, b) => a - b);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1), `${r.name}: seqs ${seqs}`);
    const file = join(work, `t${r.n}.json`);
    writeFileSync(file, r.transcript.content);
    writeFileSync(`${file}.minisig`, r.transcript.minisig);
    const m = await run('minisign', ['-Vm', file, '-p', pub]);
    assert.equal(m.code, 0, `${r.name}: ${m.stderr}${m.stdout}`);
    const v = await run(ADVISOR, ['verify', file, '-p', pub]);
    assert.equal(v.code, 0, `${r.name}: ${v.stdout}${v.stderr}`);
    // every acknowledged turn is in it
    const recs = JSON.parse(r.transcript.content).records;
    const ids = new Set(recs.filter((x) => x.dir === 'client').map((x) => x.msg.id));
    for (const id of r.acked) assert.ok(ids.has(id), `${r.name}: acknowledged turn ${id} lost`);
    assert.equal(r.acked.length, TURNS);
    const sseq = recs.filter((x) => x.dir === 'server').map((x) => x.msg.seq);
    assert.deepEqual(sseq, sseq.map((_, i) => i + 1), `${r.name}: transcript seqs`);
  }
  // never served by two: each conversation's records were written by one
  // instance, then (taken over) by another, never back and forth
  const runs = await pg.psql(`SELECT id, string_agg(instance, ' ' ORDER BY seq) FROM advisord_rec GROUP BY id`);
  for (const line of runs.split('\n')) {
    const [id, list] = line.split('|');
    const writers = list.split(' ').filter((w, i, a) => i === 0 || a[i - 1] !== w);
    assert.ok(new Set(writers).size === writers.length, `${id} served back and forth: ${writers}`);
    if (writers.length > 1) assert.equal(writers[0], victimId, `${id} moved from a live instance: ${writers}`);
    if (writers[0] === victimId) assert.equal(writers.length, 2, `${id} was not served by another instance after the kill`);
  }
  assert.equal(await pg.psql('SELECT count(*) FROM advisord_conv WHERE NOT ended'), '0');
  // nobody lost a conversation it was serving to another instance
  for (const d of ds) assert.doesNotMatch(d.log, /another instance owns it now/);
  // service came back after the PostgreSQL restart, without restarting advisord
  for (const d of survivors) assert.equal((await fetch(`${d.url}/readyz`)).status, 200);
  assert.ok(survivors.every((d) => d.exited === null));
  t.diagnostic(`${waited} turns sent while PostgreSQL was down were answered after its restart; ` +
    `${runners.reduce((n, r) => n + (r.resumes ?? 0), 0)} resumes in all`);
  t.diagnostic(`${proxy}: ${runners.length} conversations (held ${counts}), ${moved.length} taken over from the killed instance, ` +
    `${runners.reduce((n, r) => n + r.acked.length, 0)} acknowledged turns, all in verified transcripts`);
});
}
