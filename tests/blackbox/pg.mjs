// SPDX-License-Identifier: ISC
// A PostgreSQL cluster of a test's own: initdb into a temporary directory,
// pg_ctl on a free loopback port (TCP only, its socket directory private),
// stopped by pg_ctl (the postmaster's PID file).  As root, the cluster runs
// as the unprivileged user `nobody` (runuser), as PostgreSQL refuses root.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, chownSync, chmodSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADVISOR, Daemon, run, connect, sleep, tempDir } from './lib.mjs';

// Debian keeps the server binaries out of PATH.
export function pgBin() {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(base, versions[0], 'bin');
  }
  return null;
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export class PgCluster {
  constructor(bin) {
    this.bin = bin;
    this.root = process.getuid() === 0;
  }

  #as(cmd, args) {
    const exe = join(this.bin, cmd);
    return this.root ? run('runuser', ['-u', 'nobody', '--', exe, ...args]) : run(exe, args);
  }

  async init() {
    this.dir = mkdtempSync(join(tmpdir(), 'advisord-pg-'));
    if (this.root) chownSync(this.dir, 65534, 65534);
    chmodSync(this.dir, 0o700);
    this.data = join(this.dir, 'data');
    const r = await this.#as('initdb', ['-D', this.data, '-A', 'trust', '-U', 'advisord', '--no-sync', '-E', 'UTF8']);
    if (r.code !== 0) throw new Error(`initdb failed: ${r.stderr}${r.stdout}`);
    this.port = await freePort();
    return this;
  }

  get conninfo() {
    return `host=127.0.0.1 port=${this.port} user=advisord dbname=postgres`;
  }

  async start() {
    const r = await this.#as('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'log'), '-w', '-t', '30',
      '-o', `-k ${this.dir} -h 127.0.0.1 -p ${this.port}`, 'start']);
    if (r.code !== 0) throw new Error(`pg_ctl start failed: ${r.stderr}${r.stdout}`);
  }

  async stop(mode = 'fast') {
    await this.#as('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop']);
  }

  async psql(sql) {
    const r = await this.#as('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'advisord',
      '-d', 'postgres', '-At', '-c', sql]);
    if (r.code !== 0) throw new Error(`psql: ${r.stderr}`);
    return r.stdout.trim();
  }

  async destroy() {
    await this.stop('immediate').catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// A cluster of test t's own, started, destroyed when t ends.
export async function cluster(t) {
  const pg = await new PgCluster(pgBin()).init();
  await pg.start();
  t.after(() => pg.destroy());
  return pg;
}

// The seqs a turn's messages carry, in order.
export const seqsOf = (turn) => turn.filter((m) => m.seq !== undefined).map((m) => m.seq);

// Resume hello's conversation on d (a browser's hello with resume, or with
// hello.integration a hello then a resume; hello.headers for the
// upgrade), waiting out a lease still held (conversation_busy,
// retry_after_ms) for timeoutMs: { c, turn } of the last try.
export async function resumeOn(d, hello, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  const resume = { conversation: hello.conversation, token: hello.token, last_seq: hello.last_seq };
  for (;;) {
    const c = await connect(d.wsUrl, hello.headers ? { headers: hello.headers } : undefined);
    let turn;
    if (hello.integration) {
      await c.turn(c.request({ type: 'hello' }));
      turn = await c.turn(c.request({ type: 'resume', ...resume }), 15000);
    } else {
      turn = await c.turn(c.request({ type: 'hello', resume }), 15000);
    }
    const last = turn.at(-1);
    if (last.code !== 'conversation_busy' || Date.now() > deadline) return { c, turn };
    c.close();
    await sleep(Math.min(last.retry_after_ms ?? 200, 500));
  }
}

// A signed transcript checked as its user would: minisign and `advisor
// verify` against d's /pubkey (its files written to dir as name...).
export async function verifySigned(d, dir, name, content, minisig) {
  const file = join(dir, name);
  writeFileSync(file, content);
  writeFileSync(`${file}.minisig`, minisig);
  const pub = join(dir, `${name}.pub`);
  writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  return { m: await run('minisign', ['-Vm', file, '-p', pub]), v: await run(ADVISOR, ['verify', file, '-p', pub]) };
}

// The same, asserted; the transcript's records.
export async function verifiedRecords(d, dir, tr, name) {
  const { m, v } = await verifySigned(d, dir, name, tr.content, tr.minisig);
  assert.equal(m.code, 0, m.stderr + m.stdout);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  return JSON.parse(tr.content).records;
}

// n instances on pg (a 3 s lease, then args), all signing with the first
// one's key, as a cluster's instances share theirs; stopped after t.
export async function sharedKeyInstances(t, pg, n, args = []) {
  const common = ['--store', pg.conninfo, '--store-lease', '3', ...args];
  const first = await new Daemon(common).start();
  t.after(() => first.stop());
  const ds = [first];
  for (let i = 1; i < n; i++) {
    const d = await new Daemon([...common, '--signing-key', join(first.stateDir, 'advisord.key')]).start();
    t.after(() => d.stop());
    ds.push(d);
  }
  return ds;
}

// A transcript request for conversation on a new connection to d: its
// last message.
export async function askFinal(d, conversation, extra = {}) {
  const c = await connect(d.wsUrl);
  await c.turn(c.request({ type: 'hello' }));
  const turn = await c.turn(c.request({ type: 'transcript', conversation, ...extra }), 15000);
  c.close();
  return turn.at(-1);
}

// Two instances A and B, each with its own state directory (prefix names
// them), B signing with A's key; argsOf(state, key) gives an instance's
// arguments (key null for A).  Stopped after t.
export async function instancePair(t, prefix, argsOf) {
  const sa = tempDir(`${prefix}-a-`);
  const sb = tempDir(`${prefix}-b-`);
  const a = await new Daemon(argsOf(sa, null)).start();
  t.after(() => a.stop());
  const key = join(sa, 'advisord.key');
  const b = await new Daemon(argsOf(sb, key)).start();
  t.after(() => b.stop());
  return { a, b, sa, sb, key };
}

// A message of the HTTP API to conversation name on d, with API key key:
// its status, Retry-After and JSON body.
export async function postMessage(d, name, body, key) {
  const r = await fetch(`${d.url}/api/v1/conversations/${encodeURIComponent(name)}/messages`, {
    method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() };
}
