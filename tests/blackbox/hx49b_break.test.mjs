// SPDX-License-Identifier: ISC
// Hostile review hx49b of round 49 (d144a787..fe6752eb), through the
// daemon over WebSocket.  Each daemon listens on a free 127.0.0.1 port and
// is stopped by its PID.  B=/path/to/build runs it on another build (every
// test here fails on BASE fe6752eb).
//
// Findings (severity, reproduction, state):
// 1. High, fixed (regression of round 49): a what-if that records nothing
//    (counterfactual, subjunctive, someone else's words) as the first
//    message swallowed the user's own sentence after it: "what if we had
//    3 weeks? we build proxies" explained the 3 weeks and went back to
//    step 1, proxies lost (d144a787 recorded them); worse, "what if we
//    had c++ veterans. we build cli tools" explained "If you said
//    Command-line tools ..." (the user's fact taken as the supposition).
//    understand_whatif_then_told(): a later first-person sentence with no
//    what-if of its own is read on its own.
// 2. Medium, fixed (before round 49 too): the same after an answer: "we
//    build apis", then "what if we had 3 weeks? we need no gc" explained
//    "If you said Latency must be deterministic ..." (the user's fact as
//    the supposition) and recorded nothing.  The user's sentence is now
//    read and the supposition left unanswered; a later sentence that asks
//    ("what if we had 3 weeks? would we still pick go?") stays with the
//    what-if.
// (Also fixed, no test here: 'make SANITIZE=1' failed on BASE,
// -Werror=maybe-uninitialized in ask_pair_implied(), hy49.)
// Found, not fixed:
// 3. Medium: the same in one sentence with a comma ("what if we had 3
//    weeks, we build proxies"): proxies lost (a comma's clause may be the
//    consequent; not split blind).
// 4. Medium (before round 49 too): "would that flip it if we had 3 weeks"
//    after a verdict records timeline=weeks and gives an article answer.
// 5. Medium (before round 49 too): "i wish we had 3 weeks" records
//    timeline=weeks ("wish" says the user has not).
// 6. Low (before round 49 too): "we build network proxies, a friend of
//    mine uses go" records background=Go (the friend's).
// Held (tried, nothing wrong): "if you ask me, we need no gc pauses at
// all", "we were told we have 3 weeks to ship", "i had rust in class and
// now write kernel drivers", "we had rust in class. we write kernel
// drivers now", "we need no gc pauses - my cto agrees", "ours is a proxy
// shop, we need no gc", "the team writes proxies and i write proxies too"
// (all recorded as the user's); "my boss said we need no gc. i write
// kernel drivers" (only the user's part); "what if we had 3 weeks?" alone
// (explained, nothing recorded).  Thousands separators: kb_format_figure()
// groups only whole counts >= 10000 of scale 1 and never year/rank/USD;
// the KB's version, round, percentile figures are all below 10000.
// jsonenc_put_string() and jsonflat_load() against jansson, 200,000
// random strings of 0-70 bytes and 20,000 of 0-3000 from a pool of every
// escape byte, NUL, 0x1f/0x20/0x7f, invalid and valid UTF-8 lead and
// continuation bytes, in exact-size malloc'd buffers under ASan/UBSan:
// no difference (jsonflat declines some, as it did before, to jansson),
// no report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sayThenSummary as answers, summaryChoice as choice, probeDaemon as daemon } from './lib.mjs';

const plain = (turn) => turn.map((m) => m.plain ?? '').join(' / ');

test("a what-if that records nothing does not swallow the user's own sentence after it", async (t) => {
  const d = await daemon(t);
  for (const [text, q, c, supposed] of [
    ['what if we had 3 weeks? we build proxies', 'building', 'infra', 'timeline'],
    ['what if we had c++ veterans. we build cli tools', 'building', 'cli', 'team'],
    ['hypothetically, if we were a team of 30? we write kernel drivers', 'building', 'kernel', 'team'],
    ['what if my boss said we need no gc. i write kernel drivers', 'building', 'kernel', 'latency'],
  ]) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, q), c, `${text}: ${plain(turns[0]).slice(0, 300)}`);
    assert.equal(choice(ans, supposed), null, text);
    assert.ok(!/If you said "(Command-line|Proxies|OS comp)/.test(plain(turns[0])), text);
  }
  // a what-if alone still records nothing
  const { answers: a2 } = await answers(d, ['what if we had 3 weeks?']);
  assert.equal(choice(a2, 'timeline'), null);
});

test("after an answer, a what-if does not take its condition from the user's own sentence after it", async (t) => {
  const d = await daemon(t);
  const { turns, answers: ans } = await answers(d, ['we build apis', 'what if we had 3 weeks? we need no gc']);
  assert.equal(choice(ans, 'latency'), 'deterministic', plain(turns[1]).slice(0, 300));
  assert.equal(choice(ans, 'timeline'), null);
  assert.ok(!/If you said "Latency/.test(plain(turns[1])), plain(turns[1]));
  // a sentence that asks stays with the what-if
  const { turns: t2, answers: a2 } = await answers(d, ['we build apis', 'what if we had 3 weeks? would we still pick go?']);
  assert.ok(t2[1].some((m) => m.type === 'explanation'), plain(t2[1]));
  assert.equal(choice(a2, 'timeline'), null);
});
