// SPDX-License-Identifier: ISC
// A PostgreSQL cluster of a test's own: initdb into a temporary directory,
// pg_ctl on a free loopback port (TCP only, its socket directory private),
// stopped by pg_ctl (the postmaster's PID file).  As root, the cluster runs
// as the unprivileged user `nobody` (runuser), as PostgreSQL refuses root.
import { existsSync, mkdtempSync, chownSync, chmodSync, rmSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './lib.mjs';

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
