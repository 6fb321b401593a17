// SPDX-License-Identifier: ISC
// Hostile review hx48 of round 48 (4a7edf34..7e8249c2): readers of stated
// needs, other people's roles and opinions, people starting out, layers
// and latency words, retrieval for comparisons and learning time, scope
// declines, conversation follow-ups and the engine speed pass, through
// the daemon over WebSocket.  Each daemon listens on a free 127.0.0.1
// port and is stopped by its PID.
//
// Findings (severity, reproduction, state):
// 1. High (older than round 48: the same at 4a7edf34), fixed: someone
//    else's work told in a relative clause was recorded as the user's:
//    "my friend who does embedded c wants me to learn go. what should i
//    learn?" recorded building=kernel and recommended Rust; "my buddy who
//    builds kernel drivers told me to go with rust, rust or go for me?"
//    the same.  Round 48's understand_scope_theirs() sets apart a clause
//    opened by a people word only with no user word after it, and "me"
//    follows.  Now the relative clause after a possessive and a people
//    word ("my friend who ...") is blanked up to a report verb, a user
//    word or a clause mark (understand_scope_who()).
// Found, not fixed (older than round 48, same on 4a7edf34):
// 2. High: a hypothetical before a yes/no question, "if we ever need hard
//    real time, would rust be better?", records latency=deterministic and
//    answers with the learning-curve row (a different question); "would
//    rust be better if latency had to be deterministic?" is a what-if
//    explanation, as it should be.  understand_loose_what_if() needs a
//    word before the condition.
// 3. High: a quote of someone else, '"we need deterministic latency" is
//    what my lead keeps saying. rust or go?', records latency=
//    deterministic; so does "my boss thinks we need zero gc pauses. what
//    should i pick?" (a report verb with a "we" clause after it).
// 4. High (round 48's rate reader, 1bd43be4, incomplete; the same wrong
//    answers on 4a7edf34): "how much do rust devs make per hour?" is
//    answered with Go's spec read "in an afternoon", "how much do go
//    engineers make per week in the us" with no salary: ask_rate_period()
//    puts "salary" in the period's place, and "make salary" reads as a
//    head count.  "how much do rust devs make a year?" answers "72%
//    (admiration rate)" ("ninth consecutive year").  Dropping the period
//    when a pay word is left fixed the first two but broke q134-u2 ("how
//    much do they make a month roughly" then read the learning time):
//    reverted.  Probe set dev-questions-hx48 (2/5, gated at 2).
// 5. High (older than round 48), fixed in part: "what if my boss said we
//    need no gc, would that change anything?" (nothing answered yet)
//    recorded latency=deterministic: a what-if with nothing answered and
//    a first-person word is read as the user's description
//    (understand_step_target(), by design for "now say I write a reverse
//    proxy"), here someone else's words.  Now a people word with a
//    reports verb right after it (understand_reports_other()) makes it a
//    hypothesis: the what-if explanation, nothing recorded.  Left:
//    "suppose my cto tells us gc pauses are a dealbreaker, rust then?"
//    and "... says we're writing kernel drivers next year, what
//    changes" are taken by readers before the what-if one.
// 6. Medium: "my team builds message brokers but i only do the admin ui.
//    rust or go for me?" records building=infra (the team's work; the
//    user's own "admin ui" names no choice).
// 7. Low: "not building a kernel, just web apis, rust or go?" records
//    nothing and answers with the article's sentence on systems work.
// 8. Low (left by the fix for 1): with the relative clause blanked, the
//    reply is the answer path on the whole text ("my friend who does
//    embedded c wants me to learn go. rust or go?" quotes Greg
//    Kroah-Hartman on kernel drivers), as round 48 already does for "my
//    friend does embedded c. what should i learn?"; nothing is recorded.
//    The second batch's "a coworker of mine who does wasm stuff swears by
//    rust" still records wasm (the people word is not right before "who").
// Tried without finding a defect (release daemon and make SANITIZE=1):
// each of 65 cue words and phrases of the round (reports said/says/
// wants, people words, "who", "person", rate periods "per hour"/"per
// month", question leads "any idea"/"do you know", "exist", measure
// offers "2x?"/"double"/"few"/"barely", "not even once in a while",
// "broker engine", "ok so whats next", "so now??", outside rivals,
// "c# vs rust", "no matter what", "drivers clock", slower/outperforms/
// leaner/"lighter on ram", maker asks, "learn rust in a month and make
// money", not/never/"no longer"/"don't care"/"if we ever", quotes,
// unbalanced brackets, an em dash, é, CJK, an emoji) alone, at the very
// start and end of "rust or go?", and repeated to 8 KB, and 40 random
// 8 KB mixes, after a told work: 304 says, no error but the documented
// invalid_field (over 8 KiB as UTF-8), no sanitizer report, no turn over
// 60 ms in the release daemon.  Negations held: "i don't care about gc
// pauses" reads relaxed, "we no longer build cli tools, we build web apis
// now" reads apis, "never written a proxy; i write web apis" reads apis,
// "i'm not new to programming, i've done python for years" reads the
// Python background; "my coworker's starting out and asked me rust or
// go" records nothing; "my tech lead is a c++ engineer and said to pick
// one. i do web backends" reads apis alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sayThenSummary, summaryChoice, probeDaemon as daemon } from './lib.mjs';

const answers = sayThenSummary;
const choice = summaryChoice;

test("someone else's work in a relative 'who' clause or a what-if of their words is not recorded as the user's", async (t) => {
  const d = await daemon(t);
  for (const [text, q, never] of [
    ['my friend who does embedded c wants me to learn go. what should i learn?', 'building', 'kernel'],
    ['my buddy who builds kernel drivers told me to go with rust, rust or go for me?', 'building', 'kernel'],
    ['our lead who writes proxies all day says learn rust. which one should i pick', 'building', 'infra'],
  ]) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.notEqual(choice(ans, q), never, `${text}: ${JSON.stringify(turns[0]).slice(0, 300)}`);
    assert.ok(!turns[0].some((m) => m.event === 'understood' &&
      JSON.stringify(m).toLowerCase().includes(never === 'kernel' ? 'kernels' : 'proxies')), text);
  }
  // a what-if of someone else's words is a hypothesis: nothing recorded,
  // no verdict given on it.  Since round 48c (wf48) the reported words
  // are set aside before the what-if reader sees them, so the reply is
  // the article's answer on the supposed condition ("Rust wins when
  // latency must be deterministic ...") rather than the what-if
  // explanation; either is a fair reply, a recorded answer is not.
  for (const [text, q] of [
    ['what if my boss said we need no gc, would that change anything?', 'latency'],
    ["and if my teammate claimed we'd be shipping firmware, would u pick rust?", 'building'],
  ]) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, q), null, `${text}: ${JSON.stringify(turns[0]).slice(0, 300)}`);
    assert.ok(turns[0].some((m) => m.type === 'explanation' || m.type === 'answer'), text);
    assert.ok(!turns[0].some((m) => m.type === 'recommendation' || m.event === 'understood'), text);
  }
  // the user's own work beside it, and a role the user names themself by
  for (const [text, q, want] of [
    ["i'm the guy who builds our proxies. rust or go?", 'building', 'infra'],
    ['my friend who does embedded c says i should write web apis in go. rust or go?', 'building', 'apis'],
    ['I build proxies in Rust', 'building', 'infra'],
  ]) {
    const { answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, q), want, text);
  }
});
