// SPDX-License-Identifier: ISC
// Hostile review hx52 of the whole daemon (main af9ff9be), through the
// daemon over WebSocket.  Each daemon listens on a free 127.0.0.1 port and
// is stopped by its PID.  B=/path/to/build runs it on another build (every
// test here fails on af9ff9be but the controls, which hold on both).
//
// Findings fixed here:
// 1. Medium (unicode): characters that print as nothing, carried in by
//    copy and paste or by a phone keyboard (a byte order mark, a zero-width
//    space or joiner, a soft hyphen, a word joiner, a bidirectional mark or
//    override, an emoji variation selector and the keycap "2\ufe0f\u20e3"),
//    and spaces that are not ASCII (no-break, thin, ideographic) misread
//    the message: "\ufeff2", "\u00a02", "2\u200b" with the building
//    question pending answered an article fact ("Learn Go if you need to be
//    productive ... within 2-3 weeks") and recorded nothing; "we need
//    deter\u00administic latency" was not understood, "what is
//    pin\u200bgora?" not covered; and "we don\u200bt need deterministic
//    latency" recorded deterministic latency, the opposite of what was
//    said.  A digit written otherwise ("\uff12", "\u0662"), which the
//    tokenizer reads as a digit, was not a choice's number.  The engine now
//    reads a message with those characters dropped, the spaces as spaces
//    and such digits as ASCII (text_clean(), dialogue_input()); the
//    transcript keeps what was sent.
// 2. High (unicode): an apostrophe typed otherwise than ' or \u2019 (the
//    acute accent of European keyboards "don\u00b4t", the modifier letter
//    "\u02bc", the left quote "\u2018", the prime, the full-width one, the
//    backtick) split "don't" into "don" and "t": "we don\u00b4t need
//    deterministic latency" and "latency isn\u00b4t critical" recorded
//    deterministic latency, the opposite of what was said.  Between two
//    letters such a character is now read as an apostrophe (text_clean()).
// 3. Medium (someone else's opinion as the user's answer): "my boss's view
//    is that we need deterministic latency" recorded deterministic latency
//    "(described)", overwriting the user's own "p99 ... a GC is OK" given
//    just before; "my lead's opinion is that we have only 3 weeks"
//    recorded the weeks timeline.  "view is (that)", "opinion is (that)",
//    "take is that", "position is that" are now phrases.reading.
//    report_verbs (KB data): after a person word they make the clause that
//    person's, as "my boss thinks ..." was.
// 4. High (negation read backwards): "gc pauses are not ok", "... not
//    okay", "... not fine", "gc pauses would not be
//    ok", "gc is not ok", "GC PAUSES ARE NOT OK", "gc pauses arent ok"
//    recorded "p99 in the tens of milliseconds is fine: a GC is OK", the
//    opposite of what was said (the topic "pauses" said with a negation
//    read as not minding them); only "... not acceptable" was a phrase of
//    the deterministic choice.  The other wordings are now phrases of it
//    (KB data: dialogue.json, latency's deterministic match).
// 5. High (the same, other questions): "hiring isn't easy for us" recorded
//    "Hiring isn't a constraint", "memory bugs are not ok" "No, that is
//    not what this is about", "kubernetes isn't optional for us" "No, not
//    particularly": each the opposite.  Those wordings are now phrases of
//    mixed_hiring, memory_safety yes and cloud_native yes (KB data).  The
//    general case, a negation before a word that is itself negative ("not
//    optional", "not easy", "not ok") read as negating the topic, is the
//    engine's and is left: other such wordings may still flip.
//
// Found and left (reported, no test here): "we build everything except
// kernel drivers" records kernel drivers (the lexicon's negations are
// single stemmed words, and "except" there would make "does go have
// exceptions" a negation: the article's answer on Go having no exceptions
// is lost); "we do everything but kernel drivers" the same.  "in my
// manager's view we need hard realtime" still records deterministic
// latency (no report lead reads "in X's view"); "my view is that we need
// deterministic latency", "our position is that gc pauses are
// unacceptable" (the user's own) record nothing and answer from the
// article, as on af9ff9be.
// Still the opposite after finding 5 (the engine reads a negation near a
// negated_topics topic as not minding it): "gc pauses are not cool", "...
// not great", "gc is not an option", "gc is not negotiable", "gc pauses
// are not something we can live with" record latency relaxed; "memory bugs
// are not fine" memory_safety no; "docker is not optional" cloud_native
// no; "hiring isn't trivial" team no_constraint.
// Wire: a frame header announcing more than max_message_bytes (2^63-1, or
// 2^32+1) with no payload after it is not refused until 64 KiB of payload
// arrive (the 1009 comes then; a client that sends nothing more is
// dropped by the ping timeout); an unmasked client frame is accepted; a
// ping of 126 bytes closes the socket without a close frame (lws 4.1.6).
// HTTP: a header whose name is a strict prefix of one lws knows ("Hos:",
// "Orig:", "Cooki:", "Connectio:", "Content-Len:", "Accept-Enc:", "Au:",
// "X-Forwarded:"; r13's "X-A:" is one case) stalls the request until
// handshake_timeout, then the socket closes unanswered (lws 4.1.6's
// header parser); GET /index.html%00.js closes unanswered too.
// Once (of 43 tries) an end's turn had no transcript message
// (tests had the daemon under load); not reproduced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeDaemon as daemon, sayThenChoices } from './lib.mjs';

const say = sayThenChoices;
const show = (turn) => JSON.stringify(turn.map((m) => [m.type, m.event, (m.plain ?? '').slice(0, 80)]));

test('a choice number with an invisible character, a no-break space or written otherwise is that choice', async (t) => {
  const d = await daemon(t);
  for (const two of ['\ufeff2', '\u00a02', '2\u200b', '\u200b2', '2\u00a0', '\u2060 2', '\u202e2', '\uff12', '\u0662',
    '2\ufe0f\u20e3', 'option\u00a02']) {
    const { turns, got } = await say(d, [two]);
    assert.equal(got.building, 'infra', `${JSON.stringify(two)}: ${show(turns[0])}`);
  }
});

test('an invisible character inside a word does not change what the message says', async (t) => {
  const d = await daemon(t);
  for (const [texts, q, want] of [
    [['we build apis', 'we don\u200bt need deterministic latency'], 'latency', 'relaxed'],
    [['we build apis', 'we need deter\u00administic latency'], 'latency', 'deterministic'],
    [['we build k\u200dernel dri\u00advers'], 'building', 'kernel'],
    [['we build apis', 'we need\u3000deterministic latency'], 'latency', 'deterministic'],
  ]) {
    const { turns, got } = await say(d, texts);
    assert.equal(got[q], want, `${JSON.stringify(texts)}: ${show(turns.at(-1))}`);
  }
  // a question about the article: a zero-width space inside the name
  const { turns } = await say(d, ['what is pin\u200bgora?']);
  const answer = turns[0].find((m) => m.type === 'answer');
  assert.ok(answer && answer.covered !== false && /Pingora/.test(answer.plain), show(turns[0]));
});

test('control: the same messages without those characters, and a message of nothing but them', async (t) => {
  const d = await daemon(t);
  let r = await say(d, ['2']);
  assert.equal(r.got.building, 'infra');
  r = await say(d, ['we build apis', 'we dont need deterministic latency']);
  assert.equal(r.got.latency, 'relaxed');
  r = await say(d, ['what is pingora?']);
  assert.ok(/Pingora/.test(r.turns[0].find((m) => m.type === 'answer').plain));
  // nothing but invisible characters: not understood, as before, nothing recorded
  r = await say(d, ['\u200b\u200b\ufeff']);
  assert.ok(r.turns[0].some((m) => m.type === 'not_understood'), show(r.turns[0]));
  assert.deepEqual(r.got, {});
});

test('an apostrophe typed otherwise keeps a negation a negation', async (t) => {
  const d = await daemon(t);
  for (const q of ['\u00b4', '\u02bc', '\u2018', '\u2032', '\uff07', '`']) {
    for (const [text, want] of [[`we don${q}t need deterministic latency`, 'relaxed'],
      [`latency isn${q}t critical`, 'relaxed'], [`gc pauses aren${q}t acceptable`, 'deterministic']]) {
      const { turns, got } = await say(d, ['we build apis', text]);
      assert.equal(got.latency, want, `${JSON.stringify(text)}: ${show(turns[1])}`);
    }
  }
});

test('control: a quote mark that is no apostrophe, and the apostrophes read before', async (t) => {
  const d = await daemon(t);
  for (const [text, want] of [['we don\'t need deterministic latency', 'relaxed'],
    ['we don\u2019t need deterministic latency', 'relaxed'], ['we need `deterministic` latency', 'deterministic'],
    ['we need \u2018deterministic\u2019 latency', 'deterministic']]) {
    const { turns, got } = await say(d, ['we build apis', text]);
    assert.equal(got.latency, want, `${JSON.stringify(text)}: ${show(turns[1])}`);
  }
});

test('someone else\'s view or opinion is not the user\'s answer', async (t) => {
  const d = await daemon(t);
  let r = await say(d, ['we build apis', '2', 'my boss\'s view is that we need deterministic latency']);
  assert.equal(r.got.latency, 'relaxed', show(r.turns[2]));
  r = await say(d, ['we build apis', 'my lead\'s opinion is that we have only 3 weeks']);
  assert.equal(r.got.timeline, undefined, show(r.turns[1]));
  r = await say(d, ['we build apis', 'my cto\'s take is that gc pauses are unacceptable']);
  assert.equal(r.got.latency, undefined, show(r.turns[1]));
});

test('control: the user\'s own words around an opinion word still answer', async (t) => {
  const d = await daemon(t);
  let r = await say(d, ['we build apis', 'my boss thinks gc is fine, but we need deterministic latency']);
  assert.equal(r.got.latency, 'deterministic', show(r.turns[1]));
  r = await say(d, ['we build apis', 'in my opinion gc pauses are fine']);
  assert.equal(r.got.latency, 'relaxed', show(r.turns[1]));
});

test('gc pauses said not ok are unacceptable, not fine', async (t) => {
  const d = await daemon(t);
  for (const text of ['gc pauses are not ok', 'gc pauses are not okay', 'gc pauses are not fine', 'GC PAUSES ARE NOT OK',
    'gc pauses would not be ok', 'a gc is not ok for us', 'gc pauses arent ok', 'gc pauses aren\'t okay']) {
    const { turns, got } = await say(d, ['we build apis', text]);
    assert.equal(got.latency, 'deterministic', `${text}: ${show(turns[1])}`);
  }
});

test('control: gc pauses said ok, fine or no problem are fine', async (t) => {
  const d = await daemon(t);
  for (const text of ['gc pauses are ok', 'gc is fine', 'gc pauses are not a problem', 'gc pauses are not acceptable']) {
    const { turns, got } = await say(d, ['we build apis', text]);
    assert.equal(got.latency, text.endsWith('acceptable') ? 'deterministic' : 'relaxed', `${text}: ${show(turns[1])}`);
  }
});

test('a constraint said not easy, not ok or not optional is a constraint', async (t) => {
  const d = await daemon(t);
  for (const [text, q, want] of [['hiring isn\'t easy for us', 'team', 'mixed_hiring'], ['hiring is hard', 'team', 'mixed_hiring'],
    ['memory bugs are not ok', 'memory_safety', 'yes'], ['kubernetes isn\'t optional for us', 'cloud_native', 'yes'],
    ['k8s is not optional', 'cloud_native', 'yes']]) {
    const { turns, got } = await say(d, ['we build apis', text]);
    assert.equal(got[q], want, `${text}: ${show(turns[1])}`);
  }
});

test('control: hiring no problem, memory bugs no concern, k8s no priority', async (t) => {
  const d = await daemon(t);
  for (const [text, q, want] of [['hiring is not a problem', 'team', 'no_constraint'],
    ['memory bugs aren\'t a concern', 'memory_safety', 'no'], ['k8s is not a priority', 'cloud_native', 'no']]) {
    const { turns, got } = await say(d, ['we build apis', text]);
    assert.equal(got[q], want, `${text}: ${show(turns[1])}`);
  }
});
