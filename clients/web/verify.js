// SPDX-License-Identifier: ISC
// Verification of signed advisor transcripts (advisor-transcript.v1) in the
// page: the minisign signature (algorithm ED: Ed25519 over BLAKE2b-512 of
// the file), the signature of the trusted comment, the hash chain of the
// records, and the trusted comment against the file.  All cryptography is
// the vendored @noble libraries'; nothing here is hand-written crypto.
import * as ed from './vendor/noble-ed25519/index.js';
import { sha512 } from './vendor/noble-hashes/sha2.js';
import { blake2b } from './vendor/noble-hashes/blake2.js';
import { bytesToHex, utf8ToBytes } from './vendor/noble-hashes/utils.js';

ed.hashes.sha512 = sha512;

const HEADER_LINE = '{"format":"advisor-transcript.v1","records":[';
const FOOTER_LINE = ']}';
const STATUSES = new Set(['snapshot', 'complete', 'expired', 'interrupted']);

class Invalid extends Error {}

function fail(reason) {
  throw new Invalid(reason);
}

function b64decode(text, what) {
  let bin;
  try {
    bin = atob(text.trim());
  } catch {
    fail(`${what} is not valid base64`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// Key ids are printed as minisign does: the 8 bytes read as a
// little-endian integer, in upper-case hex.
function keyIdHex(bytes) {
  return bytesToHex(Uint8Array.from(bytes).reverse()).toUpperCase();
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function splitLines(text) {
  return text.replace(/\r\n/g, '\n').split('\n');
}

/** Parse a minisign public key file: { keyId, keyIdHex, publicKey }. */
export function parsePublicKey(text) {
  if (typeof text !== 'string' || !text.trim()) fail('no public key');
  const lines = splitLines(text).filter((l) => l.trim() !== '');
  const keyLine = lines.find((l) => !l.startsWith('untrusted comment:'));
  if (!keyLine) fail('the public key file has no key line');
  const raw = b64decode(keyLine, 'the public key');
  if (raw.length !== 42) fail(`the public key has ${raw.length} bytes, not 42`);
  if (raw[0] !== 0x45 || raw[1] !== 0x64) fail('the public key is not an Ed25519 minisign key');
  const keyId = raw.slice(2, 10);
  return { keyId, keyIdHex: keyIdHex(keyId), publicKey: raw.slice(10, 42) };
}

/** Parse a minisign signature file (4 lines). */
export function parseSignature(text) {
  if (typeof text !== 'string' || !text.trim()) fail('the signature file is empty');
  // The easy mistake: the two files chosen the other way round.
  if (text.startsWith(HEADER_LINE)) fail('the signature file chosen is a transcript: were the two files swapped? The .minisig file is the signature');
  const lines = splitLines(text);
  if (lines.length < 4) fail('the signature file does not have four lines');
  if (!lines[0].startsWith('untrusted comment:')) fail('the signature file is not a minisign signature (its first line is not "untrusted comment: …")');
  const raw = b64decode(lines[1], 'the signature');
  if (raw.length !== 74) fail(`the signature has ${raw.length} bytes, not 74`);
  const alg = String.fromCharCode(raw[0], raw[1]);
  if (alg !== 'ED' && alg !== 'Ed') fail(`unknown signature algorithm "${alg}"`);
  const prefix = 'trusted comment: ';
  if (!lines[2].startsWith(prefix)) fail('line 3 of the signature file is not a trusted comment');
  const trusted = lines[2].slice(prefix.length);
  const global = b64decode(lines[3], 'the trusted comment signature');
  if (global.length !== 64) fail(`the trusted comment signature has ${global.length} bytes, not 64`);
  const keyId = raw.slice(2, 10);
  return {
    prehashed: alg === 'ED',
    keyId,
    keyIdHex: keyIdHex(keyId),
    signature: raw.slice(10, 74),
    trusted,
    globalSignature: global,
  };
}

function edVerify(sig, msg, pk) {
  try {
    return ed.verify(sig, msg, pk) === true;
  } catch {
    return false;
  }
}

function hashLine(bytes) {
  return bytesToHex(blake2b(bytes, { dkLen: 32 }));
}

// Split file bytes at newlines, keeping exact bytes (no re-encoding).
function byteLines(bytes) {
  const out = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      out.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  out.push(bytes.subarray(start));
  return out;
}

/** Check the structure and hash chain of a transcript file (bytes). */
export function checkChain(bytes) {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    decoder.decode(bytes);
  } catch {
    fail('the file is not valid UTF-8');
  }
  const lines = byteLines(bytes);
  const text = (b) => decoder.decode(b);
  if (lines.length < 4) fail('the file is too short to be a transcript');
  if (text(lines[0]) !== HEADER_LINE) fail('the first line is not the advisor-transcript.v1 header');
  // The file ends "]}" and a newline: the split leaves an empty last piece.
  if (lines[lines.length - 1].length !== 0) fail('the file does not end with a newline');
  if (text(lines[lines.length - 2]) !== FOOTER_LINE) fail('the last line is not "]}"');
  const recordLines = lines.slice(1, lines.length - 2);
  if (recordLines.length === 0) fail('the file has no records');
  const records = [];
  let prevBytes = null;
  for (let i = 0; i < recordLines.length; i++) {
    let line = recordLines[i];
    const isLast = i === recordLines.length - 1;
    const endsWithComma = line.length > 0 && line[line.length - 1] === 0x2c;
    if (!isLast && !endsWithComma) fail(`record ${i}: the line does not end with ","`);
    if (isLast && endsWithComma) fail(`record ${i}: the last record is followed by ","`);
    if (!isLast) line = line.subarray(0, line.length - 1);
    let rec;
    try {
      rec = JSON.parse(text(line));
    } catch {
      fail(`record ${i}: not valid JSON`);
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) fail(`record ${i}: not an object`);
    if (rec.seq !== i) fail(`record ${i}: seq is ${JSON.stringify(rec.seq)}, expected ${i}`);
    if (i === 0) {
      if (rec.type !== 'header' || rec.format !== 'advisor-transcript.v1') fail('record 0: not a transcript header');
      if (typeof rec.conversation !== 'string') fail('record 0: no conversation');
    } else {
      const want = hashLine(prevBytes);
      if (rec.prev !== want) fail(`record ${i}: "prev" does not match record ${i - 1} (the chain is broken)`);
    }
    records.push(rec);
    prevBytes = line;
  }
  return { header: records[0], records, count: records.length, head: hashLine(prevBytes) };
}

const TRUSTED_RE = /^advisor-transcript\.v1 conversation=(\S+) records=(\d+) head=([0-9a-f]{64}) status=(\S+) kb=([0-9a-f]{64})$/;

/**
 * Verify a transcript.  content: Uint8Array or string (the JSON file);
 * minisig: the signature file text; pubkey: the minisign public key file
 * text.  Returns { ok: true, ... } or { ok: false, reason }.
 */
export function verifyTranscript(content, minisig, pubkey) {
  try {
    const bytes = typeof content === 'string' ? utf8ToBytes(content) : new Uint8Array(content);
    const key = parsePublicKey(pubkey);
    const sig = parseSignature(minisig);
    if (!sameBytes(key.keyId, sig.keyId)) {
      fail(`it was signed by key ${sig.keyIdHex}, not by this server's key ${key.keyIdHex}`);
    }
    const message = sig.prehashed ? blake2b(bytes, { dkLen: 64 }) : bytes;
    if (!edVerify(sig.signature, message, key.publicKey)) {
      fail('the signature does not match the file: it was changed after signing, or it is not the signed file');
    }
    const trustedBytes = utf8ToBytes(sig.trusted);
    const globalMsg = new Uint8Array(sig.signature.length + trustedBytes.length);
    globalMsg.set(sig.signature, 0);
    globalMsg.set(trustedBytes, sig.signature.length);
    if (!edVerify(sig.globalSignature, globalMsg, key.publicKey)) {
      fail('the signature of the trusted comment is not valid');
    }
    const chain = checkChain(bytes);
    const m = TRUSTED_RE.exec(sig.trusted);
    if (!m) fail('the trusted comment is not an advisor-transcript.v1 comment');
    const [, conversation, records, head, status, kb] = m;
    if (conversation !== chain.header.conversation) {
      fail(`the signature is for conversation ${conversation}, the file is conversation ${chain.header.conversation}`);
    }
    if (Number(records) !== chain.count) fail(`the signature is for ${records} records, the file has ${chain.count}`);
    if (head !== chain.head) fail('the chain head in the signature does not match the last record');
    if (!STATUSES.has(status)) fail(`unknown status "${status}" in the trusted comment`);
    if (chain.header.kb && chain.header.kb.hash !== kb) fail('the knowledge base in the signature is not the one in the file');
    if (chain.header.key_id && chain.header.key_id !== key.keyIdHex) {
      fail(`the header names key ${chain.header.key_id}, but the file was signed by key ${key.keyIdHex}`);
    }
    return {
      ok: true,
      conversation,
      records: chain.count,
      head,
      status,
      kb,
      keyId: key.keyIdHex,
      trusted: sig.trusted,
    };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, reason: e.message };
    return { ok: false, reason: `could not be checked (${e && e.message ? e.message : e})` };
  }
}
