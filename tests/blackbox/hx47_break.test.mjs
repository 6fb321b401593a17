// SPDX-License-Identifier: ISC
// Hostile review hx47 of round 46c and the lead's last changes
// (3fbf16bc..413473db): the render cache of a recommendation's escaped
// pieces (piece_static()), kb_claim.against and the unranked lead,
// reading.likeness_asks, search_entity(), told_then_asked before a dash,
// understand_report_claims(), ask_partial's narrowing word, 'cost' beside
// developer, ask_parts_with(), tr_chain_next(), understand_word_before(),
// fit_search/fit_answer_on and tests/run.sh's unreported TAP numbers,
// through the daemon (WebSocket, and the HTTP API with an api_key).
// Each daemon listens on a free 127.0.0.1 port and is stopped by its PID.
//
// Findings (severity, reproduction, state):
// 1. Medium, fixed (dashes and sentence marks; commas left): a choice
//    phrase was matched across a clause mark, so a background the user
//    never gave was recorded and weighed: "my wife (python mostly) - go
//    or rust?", "my boss (java mostly) - rust or go?", "c# mainly (10
//    yrs) - go or rust for a cli tool" and "i know java well - go or rust
//    for microservices?" were each understood as "Go already: I know it
//    well" ("mostly go", "mainly go", "know go": match_phrase() lets two
//    other words and any clause mark come between a phrase's words).  A
//    phrase's words now lie in one sentence with no dash among them
//    (text.c marks a dash TEXT_BRK_DASH).  Still read across a comma:
//    "php mostly, go looks easier tho. which one should i pick up"
//    (background Go, verdict Rust); a comma may join one thing said
//    twice ("a key-value database, the engine itself": d11-40 broke when
//    every clause mark stopped a phrase).  Eval set
//    dev-conversations-hx47: 5/10 on BASE, 9/10 after.  Test: 'a
//    background phrase is not read across a dash'.
// Not traced to the end: render_unranked() prints claims[0]->against
// of an answer marked unranked at ask_answer()'s last step; a caller
// that reorders the claims after it (ask_stance_use()?) would print
// another claim's (NULL: "(null)").  No message found that does it.
// Found, not fixed (reading gaps; each needs an eval set first, issue 11):
// 2. Low: a third person's background is recorded as the user's: "my
//    boss is a java dev", "my boss (java mostly) - what is pingora?"
//    record "Java or the JVM" and give a Go verdict (same without the
//    dash: not told_then_asked's doing).
// 3. Low: "why did cloudflare switch?" is answered with the JVM-to-Go
//    transition (Cloudflare is in more than ENTITY_FEW claims, so
//    search_entity() does not apply); "which is faster at runtime?" with
//    "Learn Rust if you are building developer tooling ... runtimes".
// 4. Low: reported claims each read alone (understand_report_claims()):
//    "my friend says go compiles faster while my other friend claims
//    rust builds quicker so who is right according to the article"
//    answers the first with the unranked lead (right) and the second
//    with "Learn Rust if you are building WebAssembly ..." ('builds'
//    meets 'building'): a fluent answer to another claim.  "i think go
//    compiles faster than rust, agree?" gets Rust's 62% who "agree" it
//    is harder to learn (the stance path has no unranked lead).
// Tried without finding a defect (release build, valgrind memcheck of the
// release daemon, ASan/UBSan build (make -j1 SANITIZE=1); 2 cores shared
// by 8 helpers, load 6-18):
// 270 random messages of 200 B-8 KB (120 release, 150 ASan) built from
// every KB string under 200 bytes and the round's phrases (report leads,
// likeness asks, the unranked compile question, rare names, dashes,
// 'cost'/'dev', 'at startup', 'than c++', typos), 10 per conversation:
// no error reply, slowest 30 ms release; 21 targeted 8 KB messages
// (reports x100, 'something like' x530, 'which is faster to compile?'
// x285, rare names x170, '- ' x3900, '-' x8000, '(' x8000, a background
// before a dash x220, 'cost dev' x890), each fresh and after a told work:
// 0.4-133 ms release, 1-36 ms ASan (no report), 40 ms-4.3 s under
// memcheck with 0 errors and 0 bytes definitely lost (the 160-word bound
// holds); the render cache (piece_static()) across a SIGHUP reload to a
// knowledge base whose rule reasons and caveats differ: each
// conversation's recommendation carried its own KB's reasons and
// caveats, before and after; 40 WebSocket turns interleaved with 40 HTTP
// API turns (api_key; reports, likenesses, a dash background, a walk to
// a verdict, 'why?', 'what would change?', says of 1-2 KB), then the
// transcripts over both channels verified with minisign and advisor
// verify, again after a resume on a new connection, after a daemon
// restart and a resume at last_seq 0, and the stored final transcripts
// after end (tr_chain_next), release and ASan: all verify, no report.
// Read and found sound: piece_static()'s made/-1 fallbacks and its
// UTF-8 check standing in for recommendation_utf8()'s, the cache held
// across render_plain() (one KB per render, so no eviction under it),
// reason_tail()'s leading comma, understand_report_claims()' frame copy
// (plain values), understand_report_given()'s bound, search_entity()'s
// rare[] bound (q->n <= TEXT_MAX_TOKENS), ask_likened_note()'s bounds,
// tests/run.sh's awk (indented subtests
// skipped, an 'ok N' joined to another line not counted, exit status
// named).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, probeDaemon as daemon } from './lib.mjs';

async function background(d, text) {
  const { c, conv } = await browser(d);
  try {
    await conv.say(text);
    const sum = (await conv.command('summary')).find((m) => m.type === 'summary');
    return sum.answers.find((a) => a.question === 'background')?.choice ?? null;
  } finally { c.close(); }
}

test('a background phrase is not read across a dash', async (t) => {
  const d = await daemon(t);
  for (const text of [
    'my wife (python mostly) - go or rust?',
    'my boss (java mostly) - rust or go?',
    'c# mainly (10 yrs) - go or rust for a cli tool',
    'i know java well - go or rust for microservices?',
  ]) assert.notEqual(await background(d, text), 'go_already', text);
  // said in one clause, it is the user's background
  for (const text of [
    'mostly go at work - what is pingora?',
    'i know go well. should i learn rust next?',
    'been doing go for years, rust or go for a proxy?',
  ]) assert.equal(await background(d, text), 'go_already', text);
});
