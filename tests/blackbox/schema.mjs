// SPDX-License-Identifier: ISC
// The one machine-readable description of advisor.v1,
// protocol/schema/advisor.v1.json, compiled once per test process.  Every
// Client of lib.mjs checks what it receives against it, so every black-box
// test validates all of its traffic; schema.test.mjs checks the schema
// itself.
//
// Two validators per definition: as published (servers may add fields, so
// server objects are open), and closed (additionalProperties: false
// wherever an object lists its properties), so that a field the daemon
// sends but the schema and PROTOCOL.md do not document is caught.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCHEMA_FILE = join(ROOT, 'protocol', 'schema', 'advisor.v1.json');
export const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const ID = schema.$id;

// strict: unknown keywords are errors; required names in if/then need not
// be redeclared there; discriminator: the oneOf of client and server
// messages is chosen by "type"
export const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false,
  allowUnionTypes: true, discriminator: true });

// The same document with every listed-properties object closed.  Only the
// places that describe data are walked (properties, items, $defs), not the
// if/then/allOf that narrow them.
function closed(doc) {
  const s = structuredClone(doc);
  s.$id = `${doc.$id}:closed`;
  const walk = (n) => {
    if (n === null || typeof n !== 'object' || Array.isArray(n)) return;
    if (n.properties && !('additionalProperties' in n)) n.additionalProperties = false;
    for (const v of Object.values(n.properties ?? {})) walk(v);
    if (n.items) walk(n.items);
  };
  for (const v of Object.values(s.$defs)) walk(v);
  return s;
}

ajv.addSchema(schema);
ajv.addSchema(closed(schema));

const cache = new Map();
// The validator of $defs/name (client, server, client-say, server-error,
// citation, ...), open or closed.
export function validator(name, { strict = false } = {}) {
  const key = `${name}:${strict}`;
  if (!cache.has(key)) {
    const v = ajv.getSchema(`${ID}${strict ? ':closed' : ''}#/$defs/${name}`);
    if (!v) throw new Error(`no definition ${name} in ${SCHEMA_FILE}`);
    cache.set(key, v);
  }
  return cache.get(key);
}

function errorsOf(v) {
  return `${ajv.errorsText(v.errors)} ${JSON.stringify(v.errors.map((e) => ({ at: e.instancePath, ...e.params })))}`;
}

// Why the server message m does not match the schema (open, then closed),
// or null.
export function serverError(m) {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return 'not a JSON object';
  const open = validator('server');
  if (!open(m)) return `${m.type} does not match the schema: ${errorsOf(open)}`;
  const shut = validator('server', { strict: true });
  if (!shut(m)) return `${m.type} carries a field the schema does not document: ${errorsOf(shut)}`;
  return null;
}

// Why the client message m does not match the schema, or null.
export function clientError(m) {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return 'not a JSON object';
  const v = validator('client');
  return v(m) ? null : errorsOf(v);
}

export function short(m) {
  if (m === undefined) return 'undefined';
  const s = JSON.stringify(m, (k, v) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 120)}...` : v));
  return s.length > 1500 ? `${s.slice(0, 1500)}...` : s;
}
