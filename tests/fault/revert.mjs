// SPDX-License-Identifier: ISC
// revert.mjs: a simulated power failure.  Reads the log that
// libpowerfail.so (powerfail.c) wrote while daemons ran on a state
// directory, and puts every file back to what was durable: a file's
// size when it was last synced, the names of a directory when it was
// last synced (a file a rename replaced comes back from the graveyard);
// what was written in place (pwrite, a preallocated journal segment) since
// the file's last sync is zeros again, as it was before.
// Then the log starts afresh: what is on disk now is the new baseline.
//
//	node tests/fault/revert.mjs LOG GRAVE     (or import revert)
import { closeSync, existsSync, openSync, readFileSync, writeSync, readdirSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = process.env.B ? resolve(ROOT, process.env.B) : join(ROOT, 'build');

// The environment that puts a daemon under the interposer (extra: PF_FAIL).
export function powerEnv(state, log, grave, extra = {}) {
  return {
    LD_PRELOAD: join(BUILD, 'libpowerfail.so'), PF_DIR: state, PF_LOG: log, PF_GRAVE: grave,
    // the sanitizer runtime would insist on being first
    ASAN_OPTIONS: `${process.env.ASAN_OPTIONS ?? ''}:verify_asan_link_order=0`,
    ...extra,
  };
}

export function revert(log, grave) {
  const files = new Map();	// path -> durable size (Infinity: untouched baseline)
  const pending = new Map();	// names not durable yet -> grave to restore, or null
  const graves = new Map();	// grave -> durable size of the file it holds
  const inplace = new Map();	// path -> [[offset, length]] written in place since its last sync
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  const stats = { truncated: 0, removed: 0, restored: 0, bytes: 0 };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [op, a, b, c] = line.split(' ');
    switch (op) {
      case 'create':
        files.set(a, 0);
        if (!pending.has(a)) pending.set(a, null);
        break;
      case 'open':
        if (!files.has(a)) files.set(a, Number(b));
        break;
      case 'trunc':
        files.set(a, 0);
        break;
      case 'ftrunc':
        files.set(a, Math.min(files.get(a) ?? Infinity, Number(b)));
        break;
      case 'sync':
        files.set(a, Number(b));
        inplace.delete(a);
        break;
      case 'pwrite':
        if (!inplace.has(a)) inplace.set(a, []);
        inplace.get(a).push([Number(b), Number(c)]);
        break;
      case 'pwrite-over':
        throw new Error(`${log}: ${a} was overwritten in place over data (not zeros): cannot undo ${line}`);
      case 'dirsync':
        for (const p of [...pending.keys()]) if (dirname(p) === a) pending.delete(p);
        break;
      case 'rename': {
        if (c !== '-') graves.set(c, files.get(b) ?? Infinity);
        files.set(b, files.get(a) ?? Infinity);
        files.delete(a);
        if (inplace.has(a)) { inplace.set(b, inplace.get(a)); inplace.delete(a); }
        pending.delete(a);
        if (!pending.has(b)) pending.set(b, c === '-' ? null : c);
        break;
      }
      case 'unlink':
        files.delete(a);
        inplace.delete(a);
        break;
      case 'fail':
      case 'write':	// PF_LOG_WRITES: for tests that count writes
        break;
      default:
        throw new Error(`${log}: unknown line ${line}`);
    }
  }
  for (const [p, g] of pending) {
    if (existsSync(p)) { rmSync(p); stats.removed++; }
    files.delete(p);
    inplace.delete(p);
    if (g !== null && existsSync(g)) {
      renameSync(g, p);
      files.set(p, graves.get(g));
      stats.restored++;
    }
  }
  for (const [p, ranges] of inplace) {
    if (!existsSync(p)) continue;
    const fd = openSync(p, 'r+');
    for (const [off, len] of ranges) {
      writeSync(fd, Buffer.alloc(len), 0, len, off);
      stats.bytes += len;
    }
    closeSync(fd);
    stats.zeroed = (stats.zeroed ?? 0) + 1;
  }
  for (const [p, size] of files) {
    if (size === Infinity || !existsSync(p)) continue;
    const now = statSync(p).size;
    if (now > size) {
      truncateSync(p, size);
      stats.truncated++;
      stats.bytes += now - size;
    }
  }
  writeFileSync(log, '');
  if (grave && existsSync(grave)) for (const f of readdirSync(grave)) rmSync(join(grave, f));
  return stats;
}

if (process.argv[1] && process.argv[1].endsWith('revert.mjs')) {
  console.log(JSON.stringify(revert(process.argv[2], process.argv[3])));
}
