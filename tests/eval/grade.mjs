// SPDX-License-Identifier: ISC
// grade.mjs: decide whether the messages of one turn meet an evaluation
// item's expectation.  Pure functions over the server messages a user
// received (PROTOCOL.md section 7); no I/O.  The rules are those of
// tests/eval/heldout2/README.md (new format) and of the "about" text of
// the older sets (regular expressions over the reply, 'unknown').

// Regular expressions of the sets are JavaScript syntax, case-insensitive.
export function re(pattern) {
  return new RegExp(pattern, 'i');
}

export function firstOf(turn, type) {
  return turn.find((m) => m.type === type);
}

function plainOf(msgs) {
  return msgs.map((m) => m.plain ?? m.text ?? m.message ?? '').join('\n');
}

// The claim ids an answer cites, in order.
export function cited(answer) {
  return (answer?.citations ?? []).map((c) => c.claim);
}

// What came back, in one line, for failure reports.
export function describe(turn) {
  return turn.map((m) => {
    switch (m.type) {
      case 'answer':
        return `answer(${m.covered ? `covered: ${cited(m).join(', ')}` : 'not covered'}) "${clip(m.plain)}"`;
      case 'recommendation':
        return `recommendation(${m.verdict}${m.quick ? ', quick' : ''}) "${clip(m.plain, 100)}"`;
      case 'question':
        return `question(${m.question})`;
      case 'notice':
        return m.event === 'understood'
          ? `notice(understood: ${(m.understood ?? []).map((u) => `${u.question}=${u.choice}`).join(', ')})`
          : `notice(${m.event})`;
      case 'explanation':
        return `explanation(${m.topic}${m.verdict !== undefined ? `, verdict ${m.verdict}` : ''})`;
      case 'not_understood':
        return `not_understood${m.candidates ? `(${m.candidates.join(' or ')})` : ''}`;
      case 'error':
        return `error(${m.code})`;
      default:
        return m.type;
    }
  }).join(' | ');
}

function clip(s = '', n = 160) {
  const one = String(s).replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

// cite: [[id, ...], ...]: every group has one id among the citations.
function citeHolds(groups, ids) {
  return (groups ?? []).every((g) => g.some((id) => ids.includes(id)));
}

// Grade an answer/decline/partial expectation on a turn.  Returns
// { pass, facts, first, why } where facts/first are null when the item
// does not count for those figures.
export function gradeAnswer(e, turn) {
  const a = firstOf(turn, 'answer');
  const ids = cited(a);
  const text = a ? a.plain ?? a.text ?? '' : '';
  const notMatch = (e.not_match ?? []).find((p) => turn.some((m) => re(p).test(m.plain ?? '')));
  const res = { pass: false, facts: null, first: null, why: '' };
  if (e.reply === 'decline') {
    const covered = turn.some((m) => m.type === 'answer' && m.covered);
    const rec = firstOf(turn, 'recommendation');
    res.pass = !!a && a.covered === false && !covered && !rec;
    if (!res.pass) res.why = 'expected the reply to say the article does not cover it';
    return res;
  }
  if (e.cite) {
    res.facts = !!a && a.covered === true && citeHolds(e.cite, ids);
    const first = e.first ?? e.cite[0];
    res.first = !!a && a.covered === true && ids.length > 0 && first.includes(ids[0]);
  }
  const unmatched = (e.match ?? []).filter((p) => !re(p).test(text));
  if (e.reply === 'answer') {
    res.pass = !!a && a.covered === true && res.facts && unmatched.length === 0 && !notMatch;
    if (!res.pass) {
      res.why = !a ? 'no answer' : !a.covered ? 'declined a covered question'
        : !res.facts ? `expected citations ${JSON.stringify(e.cite)}`
          : unmatched.length ? `reply does not match ${unmatched.join(' ; ')}` : `reply matches ${notMatch}`;
    }
    return res;
  }
  // partial
  if (!a) {
    res.why = 'no answer';
  } else if (e.decline_ok && a.covered === false) {
    res.pass = !notMatch;
  } else {
    const scoped = re(e.scope).test(text);
    const citeOk = !e.cite || a.covered === false || citeHolds(e.cite, ids);
    res.pass = scoped && citeOk && unmatched.length === 0 && !notMatch;
    if (!res.pass) {
      res.why = !scoped ? 'does not say what the article lacks (scope)'
        : !citeOk ? `expected citations ${JSON.stringify(e.cite)}`
          : unmatched.length ? `reply does not match ${unmatched.join(' ; ')}` : `reply matches ${notMatch}`;
    }
  }
  return res;
}

// An item of the older question sets: {q, expect: [regex], unknown}.
// The reply's text is the plain text of every answer, recommendation,
// explanation and table of the turn (citations included); the re-asked
// question and its choices are not part of it.
export function gradeLegacyQuestion(item, turn) {
  if (item.unknown) {
    return gradeAnswer({ reply: 'decline' }, turn);
  }
  const body = turn.filter((m) => ['answer', 'recommendation', 'explanation', 'table'].includes(m.type));
  const text = plainOf(body) + '\n' + body.flatMap((m) => (m.citations ?? []).map((c) => `${c.text} ${c.source}`)).join('\n');
  const unmatched = (item.expect ?? []).filter((p) => !re(p).test(text));
  const a = firstOf(turn, 'answer');
  return {
    pass: unmatched.length === 0 && body.length > 0,
    facts: !!a && a.covered === true,
    why: body.length === 0 ? 'no answer' : unmatched.length ? `reply does not match ${unmatched.join(' ; ')}` : '',
  };
}

// A conversation step's expectation other than answers, on one turn.
// state is the summary's answers after the step (or null when not asked).
export function gradeStep(e, turn, state) {
  const fails = [];
  const has = (type) => turn.some((m) => m.type === type);
  switch (e.reply) {
    case 'answer':
    case 'decline':
    case 'partial': {
      const r = gradeAnswer(e, turn);
      if (!r.pass) fails.push(r.why || 'wrong answer');
      break;
    }
    case 'recommendation': {
      const recs = turn.filter((m) => m.type === 'recommendation');
      if (!recs.length) fails.push(`expected a recommendation (${e.verdict})`);
      else if (e.verdict && recs.at(-1).verdict !== e.verdict) fails.push(`expected verdict ${e.verdict}, got ${recs.at(-1).verdict}`);
      break;
    }
    case 'explanation': {
      const x = turn.find((m) => m.type === 'explanation' && e.topic.includes(m.topic));
      if (!x) fails.push(`expected an explanation (${e.topic.join(' or ')})`);
      else if (e.verdict !== undefined && x.verdict !== e.verdict) fails.push(`expected what-if verdict ${e.verdict}, got ${x.verdict}`);
      break;
    }
    case 'summary':
      if (!has('summary')) fails.push('expected a summary');
      break;
    case 'notice':
      if (!turn.some((m) => m.type === 'notice' && m.event === e.event)) fails.push(`expected a notice ${e.event}`);
      break;
    case 'question': {
      const q = turn.filter((m) => m.type === 'question').at(-1);
      if (!q) fails.push('expected a question');
      else if ((e.not_question ?? []).includes(q.question)) fails.push(`asked ${q.question}, which the article gives no reason to ask here`);
      if (e.no_recommendation && has('recommendation')) fails.push('gave a recommendation without a basis in the article');
      break;
    }
    case 'error': {
      // an error reply (a command with nothing to act on), its sentence
      // matching every expression of match
      const x = turn.filter((m) => m.type === 'error');
      if (!x.length) fails.push('expected an error');
      else {
        const bad = (e.match ?? []).find((p) => !x.some((m) => re(p).test(m.plain ?? m.message ?? '')));
        if (bad) fails.push(`error does not match ${bad}`);
      }
      break;
    }
    case 'not_understood':
      // said so, with what was not placed (match: each in its sentence)
      if (!has('not_understood')) fails.push('expected not_understood');
      break;
    case 'smalltalk':
      if (has('not_understood')) fails.push('small talk not understood');
      if (has('error')) fails.push('error');
      if (turn.some((m) => m.type === 'answer' && m.covered === false)) fails.push('small talk read as a question the article does not cover');
      break;
    case 'any':
      if (has('not_understood')) fails.push('not understood');
      if (has('error')) fails.push('error');
      break;
    default:
      fails.push(`unknown expectation ${e.reply}`);
  }
  // match on a reply other than an answer ("back" says what it restored):
  // every expression matches the plain text of some message of the turn
  if (e.match && !['answer', 'partial', 'decline', 'error'].includes(e.reply)) {
    const bad = e.match.find((p) => !turn.some((m) => re(p).test(m.plain ?? '')));
    if (bad) fails.push(`reply does not match ${bad}`);
  }
  if (e.not_match && e.reply !== 'answer' && e.reply !== 'partial' && e.reply !== 'decline') {
    const bad = e.not_match.find((p) => turn.some((m) => re(p).test(m.plain ?? '')));
    if (bad) fails.push(`reply matches ${bad}`);
  }
  // a self-description read as a question gets an answer beside its verdict
  if (e.no_answer && has('answer')) fails.push('answered a question nobody asked');
  if (e.state) {
    if (!state) fails.push('no summary to check the answers');
    else {
      for (const [qid, want] of Object.entries(e.state)) {
        const got = state.find((s) => s.question === qid)?.choice ?? null;
        const ok = want === null ? got === null
          : typeof want === 'object' ? got !== want.not : got === want;
        if (!ok) fails.push(`answer ${qid}=${got}, expected ${want === null ? 'none' : typeof want === 'object' ? `not ${want.not}` : want}`);
      }
    }
  }
  return fails;
}
