// SPDX-License-Identifier: ISC
// DOM builders for the advisor's messages.  Every server string goes in
// through textContent (el() appends text nodes); nothing here uses
// innerHTML or style attributes.

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Build an element: el('p', { class: 'x', text: 'y' }, child, 'text'). */
export function el(tag, attrs, ...children) {
  const n = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') n.className = v;
      else if (k === 'text') n.textContent = String(v);
      else if (k === 'dataset') Object.assign(n.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') n.addEventListener(k.slice(2), v);
      else n.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return n;
}

const srOnly = (text) => el('span', { class: 'sr-only', text });

function text(s) {
  return typeof s === 'string' ? s : (s === null || s === undefined ? '' : String(s));
}

export function percent(x) {
  return `${Math.round(Number(x) * 100)}%`;
}

/* ---------- shared pieces ---------- */

function figureList(figures) {
  if (!Array.isArray(figures) || figures.length === 0) return null;
  return el('ul', { class: 'figures', 'aria-label': 'Figures' },
    figures.map((f) => el('li', null,
      el('strong', { class: 'fig-value', text: f.display ?? String(f.value ?? '') }),
      ' ',
      el('span', { class: 'fig-label', text: [text(f.label), f.year ? `(${f.year})` : ''].filter(Boolean).join(' ') }))));
}

function snippet(s, max = 110) {
  const t = text(s);
  return t.length <= max ? t : `${t.slice(0, max).replace(/\s+\S*$/, '')}…`;
}

// Claims once each, by claim id (or text when there is none), skipping
// those in seen (claims already shown higher up in the same card).
function uniqueClaims(list, seen) {
  const out = [];
  const here = new Set();
  for (const c of Array.isArray(list) ? list : []) {
    if (!c || typeof c !== 'object') continue;
    const key = text(c.claim) || text(c.text);
    if (here.has(key) || (seen && seen.has(key))) continue;
    here.add(key);
    out.push(c);
  }
  if (seen) for (const k of here) seen.add(k);
  return out;
}

// A section number worth showing ("4.2"); a section known by an id only
// ("intro") is not shown.
function sectionOf(c) {
  const sec = text(c.section);
  return /^\d+(\.\d+)*$/.test(sec) ? sec : '';
}

// Claims grouped by their source, in first-cited order: a source is named
// once, with its claims under it.
function bySource(list) {
  const groups = new Map();
  for (const c of list) {
    const src = text(c.source) || 'source';
    if (!groups.has(src)) groups.set(src, []);
    groups.get(src).push(c);
  }
  return [...groups];
}

/** One cited claim under its source: collapsed to a snippet, expands to statement, figures, section. */
export function citation(c, ctx, index, { subject = true } = {}) {
  const figs = Array.isArray(c.figures) ? c.figures.map((f) => f.display).filter(Boolean) : [];
  const summaryBits = [el('span', { class: 'cite-num', text: `${index + 1}` }),
    subject && c.subject ? el('span', { class: 'cite-subj', text: ctx.subjectName(c.subject) }) : null,
    figs.length ? el('span', { class: 'cite-figs', text: figs.slice(0, 3).join(', ') }) : null,
    c.text ? el('span', { class: 'cite-snippet', text: snippet(c.text) }) : null];
  return el('details', { class: 'cite', dataset: { claim: text(c.claim) } },
    el('summary', null, srOnly(`Claim from ${text(c.source) || 'the source'}: `), summaryBits),
    el('div', { class: 'cite-body' },
      el('p', { class: 'cite-text', text: text(c.text) }),
      c.quote ? el('blockquote', { class: 'cite-quote', text: `“${c.quote}”` }) : null,
      figureList(c.figures),
      sectionOf(c) ? el('p', { class: 'cite-meta', text: `Section ${sectionOf(c)}` }) : null));
}

/** An answer's citations: each source named once, its claims expandable one by one. */
export function citations(list, ctx, label = 'Sources') {
  const claims = uniqueClaims(list);
  if (claims.length === 0) return null;
  const id = nextId('cites');
  let i = 0;
  return el('div', { class: 'cites' },
    el('p', { class: 'cites-h', id, text: `${label} (${claims.length} claim${claims.length === 1 ? '' : 's'})` }),
    bySource(claims).map(([src, cs]) => el('div', { class: 'cite-group' },
      el('p', { class: 'cite-src', text: src }),
      el('ul', { class: 'cite-list', 'aria-labelledby': id }, cs.map((c) => el('li', null, citation(c, ctx, i++)))))));
}

/**
 * The evidence under a reason or caveat, one click away: a single
 * disclosure naming the sources, each once, with their claims listed.
 * Claims already shown in the same card (seen) are not repeated.
 */
export function evidence(list, ctx, seen) {
  const all = uniqueClaims(list);
  const claims = uniqueClaims(all, seen);
  if (all.length === 0) return null;
  if (claims.length === 0) return el('p', { class: 'evidence-same', text: 'Sources: the same claims as above.' });
  const groups = bySource(claims);
  const names = groups.map(([src]) => src).join(', ');
  return el('details', { class: 'evidence' },
    el('summary', null, `Sources: ${names} · ${claims.length} claim${claims.length === 1 ? '' : 's'}`),
    groups.map(([src, cs]) => el('div', { class: 'evidence-group' },
      groups.length > 1 ? el('p', { class: 'cite-src', text: src }) : null,
      el('ul', { class: 'claim-list' }, cs.map((c) => el('li', { class: 'claim', dataset: { claim: text(c.claim) } },
        el('span', { class: 'cite-text', text: text(c.text) }),
        Array.isArray(c.figures) && c.figures.some((f) => f.display)
          ? el('span', { class: 'cite-figs', text: ` (${c.figures.map((f) => f.display).filter(Boolean).join(', ')})` }) : null,
        sectionOf(c) ? el('span', { class: 'cite-meta', text: ` · section ${sectionOf(c)}` }) : null))))));
}

function paragraphs(s, cls = 'text') {
  return el('p', { class: cls, text: text(s) });
}

function advisor(kind, ...children) {
  return el('div', { class: `msg advisor ${kind}` }, srOnly('Advisor: '), children);
}

function actionButton(label, onclick, cls = 'secondary') {
  return el('button', { type: 'button', class: cls, onclick, text: label });
}

/* ---------- chart ---------- */

export function formatValue(v, unit) {
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  if (unit === 'USD') {
    if (Math.abs(n) >= 1e6) return `$${+(n / 1e6).toFixed(1)}M`;
    if (Math.abs(n) >= 1000) return `$${+(n / 1000).toFixed(0)}k`;
    return `$${n}`;
  }
  if (unit === '%') return `${n}%`;
  if (unit === 'x') return `${n}x`;
  const s = Math.abs(n) >= 1e6 ? `${+(n / 1e6).toFixed(1)}M` : Math.abs(n) >= 10000 ? `${+(n / 1000).toFixed(0)}k` : `${n}`;
  return unit ? `${s} ${unit}` : s;
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function chartColors() {
  return {
    text: cssVar('--text'),
    muted: cssVar('--muted'),
    grid: cssVar('--border'),
    tones: [0, 1, 2, 3, 4].map((i) => cssVar(`--tone-${i}`)),
  };
}

const charts = new Set();

function applyChartTheme(chart) {
  const c = chartColors();
  const tones = chart.$advisorTones;
  const ds = chart.data.datasets[0];
  ds.backgroundColor = tones.map((k) => `${c.tones[k]}cc`);
  ds.borderColor = tones.map((k) => c.tones[k]);
  for (const axis of ['x', 'y']) {
    const sc = chart.options.scales[axis];
    sc.ticks.color = c.text;
    sc.grid.color = `${c.grid}88`;
    sc.border = { color: c.grid };
    if (sc.title) sc.title.color = c.muted;
  }
}

/** Re-colour live charts after a colour-scheme change. */
export function retheme() {
  for (const ch of [...charts]) {
    if (!ch.canvas || !ch.canvas.isConnected) { charts.delete(ch); continue; }
    applyChartTheme(ch);
    ch.update('none');
  }
}

/**
 * The points worth plotting, each figure once.  Two claims may cite the
 * same figure, one with its year and one without ("median US salary" of
 * Rust, $145k-$185k): the daemon sends both, and two identical bars read
 * as two facts.  A point is the same figure as an earlier one when it is
 * about the same subject (its own, or the one its label names), with the
 * same value, maximum, unit and label (subject names aside), and no
 * conflicting year.
 */
export function chartPoints(list, ctx) {
  const out = [];
  const keys = [];
  for (const p of list) {
    if (!p || !Number.isFinite(Number(p.value))) continue;
    const named = ctx.subjectsNamedIn(p.label);
    const about = named.length === 1 ? named[0] : text(p.subject);
    let label = words(p.label).join(' ');
    for (const id of named) label = label.replace(new RegExp(`\\b${words(ctx.subjectName(id)).join(' ')}\\b`, 'g'), '').trim();
    const key = [about, Number(p.value), p.max ?? '', text(p.unit), label].join('|');
    const k = keys.indexOf(key);
    if (k >= 0 && (!out[k].year || !p.year || out[k].year === p.year)) continue;
    keys.push(key);
    out.push(p);
  }
  return out;
}

/** A small Chart.js bar chart of the answer's figures; null without Chart.js. */
export function chart(spec, ctx) {
  const Chart = window.Chart;
  if (!Chart || !spec || !Array.isArray(spec.points) || spec.points.length === 0) return null;
  const points = chartPoints(spec.points, ctx);
  // One figure needs no chart: the citation says it.
  if (points.length < 2) return null;
  const unit = spec.unit || points[0].unit || '';
  // advisor.v1 points carry the subject id and its name (subject_name);
  // older daemons sent the name as subject.
  const nameOf = (p) => text(p.subject_name) || ctx.subjectName(p.subject);
  // A point's tone is its subject's, unless its label is about exactly one
  // other subject (a comparison row "median salary (Rust)" of a claim
  // about both).
  const named = (p) => ctx.subjectsNamedIn(p.label);
  const toneOf = (p) => {
    const n = named(p);
    if (n.includes(p.subject) || n.length !== 1) return ctx.tone(p.subject);
    return ctx.tone(n[0]);
  };
  const description = points.map((p) => `${nameOf(p)}, ${p.label}: ${p.display}`).join('; ');
  const canvas = el('canvas', { role: 'img', 'aria-label': `Chart of the figures (${unit}): ${description}` });
  const wrap = el('div', { class: 'chart-wrap' }, canvas);
  wrap.style.height = `${Math.max(140, 44 * points.length + 56)}px`;
  const allRanges = points.every((p) => p.max !== undefined && p.max !== null);
  const labels = points.map((p) => {
    const name = nameOf(p);
    const lab = text(p.label);
    if (!name || named(p).length > 0) return [lab];
    return [name, lab];
  });
  const reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const figure = el('figure', { class: 'chart' }, wrap,
    el('figcaption', { text: `Figures from the cited claims${unit ? ` (${unit})` : ''}. Ranges are drawn as floating bars.` }));
  try {
    const instance = new Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: [{
          label: unit,
          data: points.map((p) => (p.max !== undefined && p.max !== null ? [Number(p.value), Number(p.max)] : Number(p.value))),
          borderWidth: 1.5,
          borderSkipped: false,
          borderRadius: 4,
          maxBarThickness: 26,
        }],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: reduced ? false : { duration: 250 },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => ` ${points[item.dataIndex].display}` } },
        },
        scales: {
          x: { beginAtZero: !allRanges, ticks: { callback: (v) => formatValue(v, unit), maxTicksLimit: 6 }, grid: {} },
          y: { ticks: { autoSkip: false }, grid: { display: false } },
        },
      },
    });
    instance.$advisorTones = points.map(toneOf);
    applyChartTheme(instance);
    instance.update('none');
    charts.add(instance);
  } catch (e) {
    if (ctx && ctx.warn) ctx.warn(`chart skipped: ${e && e.message}`);
    return null;
  }
  return figure;
}

/* ---------- messages ---------- */

export function renderUser(textValue) {
  return el('div', { class: 'msg user' }, srOnly('You: '), el('p', { class: 'text', dir: 'auto', text: textValue }));
}

export function renderNote(textValue, tone = 'info', extra = null) {
  return el('div', { class: `msg note ${tone}` }, el('p', { class: 'text', text: textValue }), extra);
}

// The controls of a pending question: its choices as buttons, and skip,
// not sure, why and recommend.  labelId names the element with its text.
function questionControls(m, ctx, labelId) {
  const choices = el('div', { class: 'choices', role: 'group', 'aria-labelledby': labelId },
    (m.choices || []).map((c) => {
      const current = m.current && m.current === c.id;
      return el('button', {
        type: 'button',
        class: `choice${current ? ' current' : ''}`,
        dataset: { question: m.question, choice: c.id },
        'aria-describedby': current ? `${labelId}-cur` : null,
        onclick: (ev) => ctx.choose(m, c, ev.currentTarget),
      },
      el('span', { class: 'choice-num', 'aria-hidden': 'true', text: c.number ?? '' }),
      el('span', { class: 'choice-label', text: c.label }),
      current ? el('span', { class: 'choice-current', id: `${labelId}-cur`, text: 'your current answer' }) : null);
    }));
  const extra = el('div', { class: 'q-extra' },
    actionButton('Skip', () => ctx.command('skip'), 'link-button'),
    actionButton('Not sure', () => ctx.command('unsure'), 'link-button'),
    actionButton('Why this question?', () => ctx.command('why'), 'link-button'),
    actionButton('Recommend now', () => ctx.command('recommend'), 'link-button'));
  return { active: el('div', { class: 'q-active' }, choices, extra), first: choices.querySelector('button') };
}

/**
 * The progress of the walk in words, from a question's progress
 * {step, of}: "3 answered, up to 5 more", or "Up to 9 questions" before
 * the first answer; null without progress.  step - 1 questions are dealt
 * with; of - step + 1 (this one included) are still relevant.  An answer
 * can only make later questions moot, never bring one back (a skip_if
 * names earlier answers that hold), so in a walk forward "more" never
 * grows: it is an upper bound, where "of about" (their sum) went up and
 * down as questions became moot.  Back and change can raise it again.
 */
export function progressText(p) {
  if (!p || !(p.step >= 1) || !(p.of >= 1)) return null;
  const answered = p.step - 1;
  // an answered question asked again to change it is not "more"
  const more = Math.max(0, p.of - p.step + 1);
  if (answered === 0) return `Up to ${more} question${more === 1 ? '' : 's'}`;
  return more ? `${answered} answered, up to ${more} more` : `${answered} answered`;
}

/** A question; returns { node, active, first }: active is the pending-only part. */
export function renderQuestion(m, ctx) {
  const qid = nextId('q');
  const p = m.progress || {};
  const step = progressText(p);
  const { active, first } = questionControls(m, ctx, qid);
  const node = advisor('question',
    // The step is visible once, in the progress line above the log; screen
    // readers hear it with the question.
    step || m.resume ? el('p', { class: 'q-step' }, m.resume ? 'Back to the walk' : null,
      step ? srOnly(m.resume ? ` · ${step}` : step) : null) : null,
    // asked to change an answer never given: say there was none (nu47 F13)
    m.unanswered ? el('p', { class: 'aside', text: "You haven't answered this one yet, so there is no answer to change." }) : null,
    el('p', { class: 'q-text', id: qid, text: m.text }),
    active);
  node.dataset.question = m.question;
  return { node, active, first };
}

export function renderAnswer(m, ctx) {
  const body = [];
  if (m.corrected) body.push(el('p', { class: 'aside', text: `(Read your words as: ${m.corrected})` }));
  if (m.covered === false) {
    body.push(el('p', { class: 'text', text: m.text }));
  } else {
    body.push(paragraphs(m.text));
    const ch = chart(m.chart, ctx);
    if (ch) body.push(ch);
    body.push(citations(m.citations, ctx));
  }
  return advisor(`answer${m.covered === false ? ' uncovered' : ''}`, body);
}

const HOW_TEXT = { answered: 'your answer', described: 'from your description', assumed: 'assumed, not answered' };

/**
 * One answer a reason rests on, as "Question: answer (how it was given)".
 * The label is the knowledge base's wording of the choice, not the user's
 * words, so it is never shown as a quotation; the events carry no words
 * the user typed for it (their own message is the bubble above).
 */
function answerItem(a, ctx) {
  const q = ctx.knownQuestionText(a.question).replace(/[?:]\s*$/, '');
  return el('li', { class: `how-${text(a.how).replace(/\s+/g, '-')}` },
    q ? el('span', { class: 'a-q', text: `${q}: ` }) : null,
    el('strong', { text: text(a.label) }),
    el('span', { class: 'how', text: ` (${HOW_TEXT[a.how] || text(a.how)})` }));
}

// A reason: its text, what it points to when that is not simply the
// verdict, the answers it rests on, and its evidence one click away.
function reasonItem(r, verdict, ctx, seen) {
  const w = r.weights && typeof r.weights === 'object' ? r.weights : {};
  const forVerdict = Number(w[verdict] ?? 0) > 0;
  const towardIds = Object.entries(w).filter(([, v]) => Number(v) > 0).map(([k]) => k);
  const toward = towardIds.map((k) => ctx.outcomeName(k));
  const against = Object.entries(w).filter(([, v]) => Number(v) < 0).map(([k]) => ctx.outcomeName(k));
  const tags = [];
  if (toward.length && !(towardIds.length === 1 && towardIds[0] === verdict)) tags.push(`points to ${toward.join(' and ')}`);
  if (against.length) tags.push(`against ${against.join(' and ')}`);
  const answers = Array.isArray(r.answers) && r.answers.length
    ? el('ul', { class: 'reason-answers', 'aria-label': 'The answers it rests on' }, r.answers.map((a) => answerItem(a, ctx)))
    : null;
  return el('li', { class: `reason ${forVerdict ? 'for' : 'against'}` },
    el('p', { class: 'reason-text', text: r.text }),
    tags.length ? el('p', { class: 'reason-tag', text: tags.join(', ') }) : null,
    answers,
    evidence(r.citations, ctx, seen));
}

const CARD_REASONS = 3;   // reasons shown before "more"

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A recommendation card: the essentials (verdict, summary, confidence, the
 * first reasons, assumptions) in view; further reasons and the caveats one
 * click away; each claim listed once in the card.
 */
export function renderRecommendation(m, ctx) {
  const hid = nextId('rec');
  const conf = Number(m.confidence) || 0;
  const bar = el('span', { class: 'conf-fill' });
  bar.style.width = `${Math.max(0, Math.min(100, conf * 100))}%`;
  const label = text(m.confidence_label);
  // asked again with nothing new: one line, not the card again
  if (m.unchanged) {
    return advisor('recommendation', el('p', { class: 'unchanged',
      text: `Unchanged: ${m.label || ctx.outcomeName(m.verdict)} (confidence ${percent(conf)}, ${label}); nothing since the last recommendation changes it.` }));
  }
  const reasons = Array.isArray(m.reasons) ? m.reasons : [];
  const caveats = Array.isArray(m.caveats) ? m.caveats : [];
  const assumptions = Array.isArray(m.assumptions) ? m.assumptions : [];
  const seen = new Set();
  const shown = reasons.slice(0, CARD_REASONS).map((r) => reasonItem(r, m.verdict, ctx, seen));
  const extraReasons = reasons.slice(CARD_REASONS).map((r) => reasonItem(r, m.verdict, ctx, seen));
  const caveatItems = caveats.map((c) => el('li', null, el('p', { text: c.text }), evidence(c.citations, ctx, seen)));
  const moreBits = [];
  if (extraReasons.length) moreBits.push(plural(extraReasons.length, 'more reason', 'more reasons'));
  if (caveatItems.length) moreBits.push(plural(caveatItems.length, 'thing to keep in mind', 'things to keep in mind'));
  const more = moreBits.length
    ? el('details', { class: 'more' },
      el('summary', null, `More: ${moreBits.join(', ')}`),
      extraReasons.length ? el('ol', { class: 'reasons', start: String(CARD_REASONS + 1) }, extraReasons) : null,
      caveatItems.length ? [el('h3', { text: 'Keep in mind' }), el('ul', { class: 'caveats' }, caveatItems)] : null)
    : null;
  const card = el('section', { class: `card rec verdict-${text(m.verdict)} tone-${ctx.tone(m.verdict)}`, 'aria-labelledby': hid },
    el('p', { class: 'eyebrow', text: m.quick ? `Quick recommendation${m.remaining ? ` · ${m.remaining} question${m.remaining === 1 ? '' : 's'} could refine it` : ''}` : 'Recommendation' }),
    el('h2', { class: 'verdict', id: hid, tabindex: '-1', text: m.label || ctx.outcomeName(m.verdict) }),
    m.summary ? el('p', { class: 'rec-summary', text: m.summary }) : null,
    el('div', { class: 'confidence' },
      el('p', { class: 'conf-text' }, 'Confidence: ', el('strong', { text: percent(conf) }), ` (${label})`),
      el('span', { class: 'conf-bar', 'aria-hidden': 'true' }, bar)),
    m.previous && m.previous !== m.verdict ? el('p', { class: 'aside', text: `Before, the verdict was ${ctx.outcomeName(m.previous)}.` }) : null,
    shown.length ? [el('h3', { text: 'Why' }), el('ol', { class: 'reasons' }, shown)] : null,
    assumptionList('Assumed, because not answered', assumptions.filter((a) => !a.spoken)),
    assumptionList('Assumed, since what you said does not settle it', assumptions.filter((a) => a.spoken)),
    more,
    el('div', { class: 'actions' },
      actionButton('Why?', () => ctx.command('why'), 'primary'),
      actionButton('What would change it?', () => ctx.command('what_would_change')),
      actionButton('Restart', () => ctx.command('restart'))));
  return advisor('recommendation', card);
}

/*
 * One list of a recommendation's assumptions under its heading, or nothing.
 * `spoken` ones (PROTOCOL.md 7.4: the user named the topic without an
 * answer being read) get their own heading, as `plain` gives them, so the
 * page does not tell them "you didn't say" about what they did say.
 */
function assumptionList(heading, list) {
  if (!list.length) return null;
  return [el('h3', { text: heading }), el('ul', { class: 'assumptions' }, list.map((a) => el('li', null,
    el('span', { class: 'a-q', text: `${text(a.text).replace(/[?:]\s*$/, '')}: ` }), el('strong', { text: a.label }))))];
}

function altItem(a, ctx) {
  const changes = Array.isArray(a.changes) ? a.changes : [];
  const desc = changes.map((c) => `${ctx.questionText(c.question)} → “${c.label}”`).join(' and ');
  const single = changes.length === 1 ? changes[0] : null;
  return el('li', null,
    el('p', null, el('span', { text: desc }), ': ', el('strong', { text: ctx.outcomeName(a.verdict) }),
      a.confidence !== undefined ? ` (${percent(a.confidence)})` : ''),
    single ? el('div', { class: 'inline-actions' },
      actionButton('What if?', () => ctx.command('what_if', { question: single.question, choice: single.choice }, `What if: ${single.label}?`), 'link-button'),
      actionButton('Change my answer', () => ctx.command('change', { question: single.question, choice: single.choice }, `Change my answer to: ${single.label}`), 'link-button'))
      : null);
}

export function renderExplanation(m, ctx) {
  const parts = [];
  switch (m.topic) {
    case 'why_question':
      parts.push(el('p', { class: 'eyebrow', text: `Why I ask: ${ctx.questionText(m.question)}` }));
      parts.push(paragraphs(m.text));
      if (Array.isArray(m.rules) && m.rules.length) {
        const seen = new Set();
        // a rule's reason says "your ...": the question may be unanswered
        parts.push(el('p', { class: 'aside', text: 'What an answer can lead to:' }));
        parts.push(el('ul', { class: 'rules' }, m.rules.map((r) => el('li', null,
          el('p', { text: r.text }), evidence(r.citations, ctx, seen)))));
      }
      break;
    case 'why_verdict':
      parts.push(el('p', { class: 'eyebrow', text: `Why ${ctx.outcomeName(m.verdict)}` }));
      if (m.text) parts.push(paragraphs(m.text));
      if (Array.isArray(m.contributions)) {
        const seen = new Set();
        parts.push(el('ol', { class: 'reasons' }, m.contributions.map((r) => reasonItem(r, m.verdict, ctx, seen))));
      }
      if (m.scores && typeof m.scores === 'object') {
        // highest first, ' · ' between: a name may hold a comma ("Both, by layer")
        const totals = Object.entries(m.scores).sort((a, b) => b[1] - a[1]);
        parts.push(el('p', { class: 'aside', text: `Scores: ${totals.map(([k, v]) => `${ctx.outcomeName(k)} ${v}`).join(' · ')}` }));
      }
      break;
    case 'what_would_change': {
      const alts = Array.isArray(m.alternatives) ? m.alternatives : [];
      parts.push(el('p', { class: 'eyebrow', text: `What would change the verdict (${ctx.outcomeName(m.verdict)})` }));
      if (alts.length === 0) parts.push(el('p', { class: 'text', text: 'No change of your answers would flip it.' }));
      else parts.push(el('ul', { class: 'alts' }, alts.map((a) => altItem(a, ctx))));
      break;
    }
    case 'what_if':
      parts.push(el('p', { class: 'eyebrow', text: 'What if' }));
      parts.push(paragraphs(m.text || m.plain));
      break;
    default:
      parts.push(paragraphs(m.text || m.plain));
  }
  return advisor('explanation', parts);
}

export function renderSummary(m, ctx) {
  const answers = Array.isArray(m.answers) ? m.answers : [];
  const howText = { answered: 'answered', described: 'from your description', 'not sure': 'not sure', skipped: 'skipped', unanswered: 'not answered yet' };
  return advisor('summary',
    el('p', { class: 'eyebrow', text: 'Your answers so far' }),
    el('dl', { class: 'summary-list' }, answers.map((a) => [
      el('dt', { class: a.relevant === false ? 'moot' : null, text: a.text }),
      el('dd', { class: a.relevant === false ? 'moot' : null },
        el('span', { text: a.label || '—' }),
        el('span', { class: 'how', text: ` (${howText[a.how] || a.how}${a.relevant === false ? ', no longer relevant' : ''})` }),
        a.choice && a.relevant !== false
          ? actionButton('Change', () => ctx.command('change', { question: a.question }, `Change: ${a.text}`), 'link-button')
          : null),
    ])));
}

export function renderHelp(m) {
  const cmds = Array.isArray(m.commands) ? m.commands : [];
  return advisor('help',
    el('p', { class: 'eyebrow', text: 'Help' }),
    paragraphs(text(m.text).split(/\s*Commands:\s*\n/)[0]),
    cmds.length ? el('dl', { class: 'help-list' }, cmds.map((c) => [el('dt', null, el('kbd', { text: c.command })), el('dd', { text: c.text })])) : null,
    el('p', { class: 'aside', text: 'The buttons above do the same: Back, Restart, Summary, Table, Help and Transcript; End closes the conversation and gives its signed transcript.' }));
}

// Lower-case words of a text, for comparing sentences.
function words(s) {
  return text(s).toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
}

// The text without the sentence that restates the heading above it (the
// welcome's "Its central question: ..." under the central question).
function withoutRestatement(body, heading) {
  const all = words(heading);
  const hw = new Set(all.filter((w) => w.length > 2));
  if (hw.size < 3) return text(body);
  const sentences = text(body).match(/[^.?!]+[.?!]*(\s+|$)/g) || [text(body)];
  const kept = sentences.filter((sn) => {
    const sw = words(sn);
    const covered = [...hw].filter((w) => sw.includes(w)).length;
    return !(covered >= 0.8 * hw.size && sw.length <= all.length + 8);
  });
  return kept.join('').trim();
}

export function renderNotice(m) {
  if (m.event === 'welcome') {
    return advisor('notice welcome',
      m.central_question ? el('p', { class: 'central', text: m.central_question }) : null,
      paragraphs(m.central_question ? withoutRestatement(m.text, m.central_question) : m.text));
  }
  const items = Array.isArray(m.understood) ? m.understood : [];
  // The text lists the same items as lines ("- question answer") for
  // text-only clients; here the list below says them, once.
  const intro = items.length ? text(m.text).split(/\n\s*-\s/)[0].trim() : text(m.text);
  const understood = items.length
    ? el('ul', { class: 'understood' }, items.map((u) => el('li', null,
      el('span', { class: 'u-q', text: `${text(u.text).replace(/[?:]\s*$/, '')}: ` }), el('strong', { text: u.label }))))
    : null;
  return advisor(`notice event-${text(m.event)}`, paragraphs(intro), understood);
}

/**
 * Words not understood.  With the pending question's choices (no
 * candidates) they are offered again here, as buttons: { node, active,
 * first, question } then make this the pending question's place.
 */
export function renderNotUnderstood(m, ctx) {
  const cands = Array.isArray(m.candidates) ? m.candidates : [];
  const pending = ctx.pendingQuestion();
  // The text repeats the choices as a numbered list; buttons replace it.
  const t = text(m.text).split('\n  1. ')[0];
  if (!cands.length && m.question && Array.isArray(m.choices) && m.choices.length) {
    const q = { ...(pending && pending.question === m.question ? pending : {}), question: m.question, choices: m.choices, resume: true };
    const tid = nextId('nu');
    const { active, first } = questionControls(q, ctx, tid);
    const node = advisor('not-understood', el('p', { class: 'text', id: tid, text: t }), active);
    node.dataset.question = m.question;
    return { node, active, first, question: q };
  }
  let active = null;
  if (cands.length && pending) {
    active = el('div', { class: 'inline-actions' }, cands.map((id) => {
      const c = (pending.choices || []).find((x) => x.id === id);
      return c ? actionButton(c.label, (ev) => ctx.choose(pending, c, ev.currentTarget), 'choice') : null;
    }));
  }
  return { node: advisor('not-understood', paragraphs(t), active), active };
}

export function renderTable(m, ctx) {
  const cols = Array.isArray(m.columns) ? m.columns : [];
  const rows = Array.isArray(m.rows) ? m.rows : [];
  const hid = nextId('tbl');
  // Explicit roles keep the table semantics when narrow screens lay the
  // rows out as blocks (CSS display changes drop them in some browsers).
  const colName = (c) => text(c.name);
  const table = el('table', { role: 'table' },
    el('caption', { text: 'The article’s comparison, dimension by dimension, with its verdict for each' }),
    el('thead', { role: 'rowgroup' }, el('tr', { role: 'row' },
      el('th', { scope: 'col', role: 'columnheader', text: 'Dimension' }),
      cols.map((c) => el('th', { scope: 'col', role: 'columnheader', text: colName(c) })),
      el('th', { scope: 'col', role: 'columnheader', text: 'Verdict' }))),
    el('tbody', { role: 'rowgroup' }, rows.map((r) => el('tr', { role: 'row' },
      el('th', { scope: 'row', role: 'rowheader', text: r.dimension }),
      cols.map((c) => el('td', { role: 'cell', dataset: { label: colName(c) }, text: r.cells ? r.cells[c.id] ?? '' : '' })),
      el('td', { role: 'cell', dataset: { label: 'Verdict' } },
        el('span', { class: `verdict-tag v-${text(r.verdict)} tone-${ctx.tone(r.verdict)}`, text: ctx.subjectName(r.verdict) }))))));
  const cites = citations(rows.map((r) => r.citation).filter(Boolean), ctx);
  return advisor('table',
    el('section', { class: 'card table-card', 'aria-labelledby': hid },
      el('h2', { id: hid, tabindex: '-1', text: 'Comparison table' }),
      el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Comparison table, scrolls sideways' }, table),
      cites));
}

export function renderError(m, friendly) {
  return advisor('error', el('p', { class: 'text' }, el('strong', { text: 'Problem: ' }), friendly));
}

/** Verification badge: state 'pending' | 'ok' | 'bad'. */
export function badge(state, message) {
  const b = el('p', { class: `badge ${state}` });
  setBadge(b, state, message);
  return b;
}

export function setBadge(b, state, message) {
  b.className = `badge ${state}`;
  b.dataset.state = state;
  // replaceChildren() would write a null out as the text "null"
  b.replaceChildren(...[
    el('span', { class: 'badge-icon', 'aria-hidden': 'true', text: state === 'ok' ? '✓' : state === 'bad' ? '✗' : '…' }),
    el('strong', { class: 'badge-word', text: state === 'ok' ? 'Verified' : state === 'bad' ? 'Not verified' : 'Checking the signature…' }),
    message ? el('span', { class: 'badge-msg', text: ` ${message}` }) : null].filter(Boolean));
}

function blobLink(content, type, name, label) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  return el('a', { href: url, download: name, class: 'download', dataset: { kind: label } }, label);
}

/**
 * The end of the conversation (after `end`): says so, points to the
 * signed transcript above and how to check it, and offers a new
 * conversation (onNew); the heading takes the focus, so that a further
 * Enter starts nothing.  offerNew false (a page reloaded after the end,
 * which has already started a new one) leaves the button out.
 */
export function renderEnded(onNew, { offerNew = true } = {}) {
  const hid = nextId('end');
  return advisor('ended', el('section', { class: 'card ended-card', 'aria-labelledby': hid },
    el('h2', { id: hid, tabindex: '-1', text: 'This conversation has ended' }),
    el('p', { class: 'text', text: 'Its complete transcript, signed by the advisor, is above: download the transcript and its signature, and check them with minisign as shown there (or with Verify a file).' }),
    offerNew ? el('div', { class: 'actions' }, actionButton('Start a new conversation', onNew, 'primary')) : null));
}

export function renderTranscript(m, ctx) {
  const hid = nextId('tr');
  const file = text(m.file) || 'transcript.json';
  const md = file.replace(/\.json$/, '') + '.md';
  const stored = typeof m.content === 'string' && typeof m.minisig === 'string';
  const b = stored ? badge('pending') : badge('bad', 'The files of this transcript are no longer kept in this page: ask for the transcript again.');
  const card = el('section', { class: 'card transcript', 'aria-labelledby': hid },
    el('h2', { id: hid, tabindex: '-1', text: 'Signed transcript' }),
    el('p', { class: 'text', text: `${m.status === 'complete' ? 'The complete' : 'A snapshot of the'} conversation: ${m.records} records, signed by key ${m.key_id}.` }),
    b,
    stored ? el('ul', { class: 'downloads' },
      el('li', null, blobLink(m.content, 'application/json', file, 'Transcript (JSON)')),
      el('li', null, blobLink(m.minisig, 'text/plain', `${file}.minisig`, 'Signature (.minisig)')),
      typeof m.markdown === 'string' ? el('li', null, blobLink(m.markdown, 'text/markdown', md, 'Readable copy (Markdown, not signed)')) : null) : null,
    el('p', { class: 'aside' }, 'Check it yourself with ', el('code', { text: `minisign -Vm ${file} -p advisord.pub` }),
      ', with the key from ', el('a', { href: 'pubkey', download: 'advisord.pub', text: '/pubkey' }), '.'));
  if (stored) {
    ctx.verify(m.content, m.minisig).then((r) => {
      if (r.ok) setBadge(b, 'ok', `Signed by key ${r.keyId}; ${r.records} records, hash chain intact; status ${r.status}.`);
      else setBadge(b, 'bad', r.reason);
    });
  }
  return advisor('transcript-msg', card);
}
