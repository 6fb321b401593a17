// SPDX-License-Identifier: ISC
// pf52 (round 52, issue 16): a turn's lone reply is framed by the daemon
// itself, as a turn's two replies already were (conn_write_frames(),
// daemon/ws.c), so that the kernel copies every send from one warm
// buffer.  What a client gets must not change: each message one final,
// unmasked text frame, its length in the shortest encoding (RFC 6455
// 5.2), the bytes lws_write(LWS_WRITE_TEXT) made before.  A guided walk
// answers each `choose` with one message (the next question, then the
// verdict, over 10 KB): every frame of the walk is checked byte by byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, rawWs, frame, frameJson } from './lib.mjs';

// The frames' headers in buf, or a string saying what is wrong.
function headers(buf) {
  const out = [];
  for (let i = 0; i < buf.length;) {
    const b0 = buf[i], b1 = buf[i + 1];
    let len = b1 & 0x7f, h = 2;
    if (len === 126) { len = buf.readUInt16BE(i + 2); h = 4; if (len < 126) return `frame ${out.length}: 16-bit length ${len}`; }
    else if (len === 127) { len = Number(buf.readBigUInt64BE(i + 2)); h = 10; if (len < 65536) return `frame ${out.length}: 64-bit length ${len}`; }
    if (b0 !== 0x81) return `frame ${out.length}: first byte ${b0.toString(16)} (not FIN + text)`;
    if (b1 & 0x80) return `frame ${out.length}: masked`;
    if (i + h + len > buf.length) return `frame ${out.length}: cut short`;
    out.push({ h, len });
    i += h + len;
  }
  return out;
}

test('every reply of a guided walk, one message a turn, is one final unmasked text frame with its length encoded shortest', async (t) => {
  const d = await new Daemon([]).start();
  t.after(() => d.stop());
  const w = await rawWs(d.port);
  t.after(() => w.s.destroy());
  w.s.write(frame(JSON.stringify({ type: 'hello', id: 'h' })));
  assert.ok(await w.until((f) => frameJson(f)?.re === 'h' && frameJson(f)?.done), 'hello answered');
  const last = (fs) => fs.map(frameJson).reverse().find((m) => m?.type === 'question');
  let q = last(w.frames());
  assert.ok(q && q.choices?.length, 'hello asks the walk\'s first question');
  let turns = 0, lone = 0;
  for (; q && turns < 30; turns++) {
    const id = `c${turns}`, before = w.frames().length;
    w.s.write(frame(JSON.stringify({ type: 'choose', id, question: q.question, choice: q.choices[0].id })));
    assert.ok(await w.until((f) => frameJson(f)?.re === id && frameJson(f)?.done), `choose ${turns} answered`);
    const turn = w.frames().slice(before);
    if (turn.length === 1) lone++;
    q = last(turn);
  }
  assert.equal(q, undefined, 'the walk ends with its verdict');
  t.diagnostic(`${lone} of ${turns} turns answered with one message`);
  assert.ok(lone >= 3, `turns of one message: ${lone} of ${turns}`);
  const hs = headers(w.buf);
  assert.ok(Array.isArray(hs), hs);
  assert.equal(hs.length, w.frames().length);
  assert.ok(hs.some((x) => x.h === 4 && x.len > 10000), 'a reply over 10 KB (the verdict) among them');
  for (const f of w.frames()) assert.ok(frameJson(f), 'each frame one whole JSON message');
});
