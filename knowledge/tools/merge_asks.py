#!/usr/bin/env python3
"""Merge the asks writers' files into claims.json (re-runnable).

usage: python3 knowledge/tools/merge_asks.py [PART.json ...]
       (default: every knowledge/tools/asks/*.json, in name order)

Each part maps a claim id to {"asks": [...], "answers": [...]}; a claim
named by several parts gets the asks of all of them, in part order, and
the answers of the first part that gives any (a later round of writers
adds asks to the first round's).  The asks
were written from the article by people who had not seen any eval set
(knowledge/RETRIEVAL-DIAGNOSIS.md, section 4).  Each claim's asks and
answers are replaced by the parts' (a claim no part names loses none);
then the deletions and class changes listed in knowledge/ASKS-EDITS.md
are applied, lines of the form
    - delete `claim-id`: `the ask, as written` ...
    - answers `claim-id`: `old,classes` -> `new,classes` ...
so that the file can be rebuilt from the parts at any time.  An id no
claim has, an ask the edits name that is not there, or a part that is not
the expected shape is an error (exit 1); claims.json is then left alone.
The file keeps its layout: one key per line, lists of strings inline."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.join(HERE, '..', 'rust-vs-go-2026', 'claims.json')
EDITS = os.path.join(HERE, '..', 'ASKS-EDITS.md')
PARTS = sorted(os.path.join(HERE, 'asks', f)
               for f in os.listdir(os.path.join(HERE, 'asks'))
               if f.endswith('.json'))


def dump_value(v):
    if isinstance(v, list) and all(not isinstance(x, (list, dict))
                                   for x in v):
        return '[' + ', '.join(json.dumps(x, ensure_ascii=False)
                               for x in v) + ']'
    if isinstance(v, list):
        return ('[\n' + ',\n'.join('        ' + dump_inline(x) for x in v)
                + '\n      ]')
    return json.dumps(v, ensure_ascii=False)


def dump_inline(o):
    return '{ ' + ', '.join(f'{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}'
                            for k, v in o.items()) + ' }'


def dump(doc):
    out = ['{', '  "claims": [']
    claims = []
    for c in doc['claims']:
        lines = [f'      {json.dumps(k)}: {dump_value(v)}'
                 for k, v in c.items()]
        claims.append('    {\n' + ',\n'.join(lines) + '\n    }')
    out.append(',\n'.join(claims))
    out.append('  ]')
    out.append('}')
    return '\n'.join(out) + '\n'


def main():
    parts = sys.argv[1:] or PARTS
    errors = []
    doc = json.load(open(KB))
    byid = {c['id']: c for c in doc['claims']}
    merged = {}
    for p in parts:
        try:
            part = json.load(open(p))
        except (OSError, ValueError) as e:
            errors.append(f'{p}: {e}')
            continue
        if not isinstance(part, dict):
            errors.append(f'{p}: want an object of claim ids')
            continue
        for cid, e in part.items():
            if cid not in byid:
                errors.append(f'{p}: {cid}: no such claim')
                continue
            if (not isinstance(e, dict) or not isinstance(e.get('asks'), list)
                    or not isinstance(e.get('answers', []), list)):
                errors.append(f'{p}: {cid}: want {{"asks": [...], '
                              f'"answers": [...]}}')
                continue
            if cid not in merged:
                merged[cid] = {'asks': [], 'answers': []}
            m = merged[cid]
            m['asks'] += [a for a in e['asks'] if a not in m['asks']]
            if not m['answers']:
                m['answers'] = list(e.get('answers', []))
    edits = open(EDITS).read() if os.path.exists(EDITS) else ''
    for cid, e in merged.items():
        c = byid[cid]
        c.pop('asks', None)
        c.pop('answers', None)
        c['asks'] = list(e['asks'])
        if e.get('answers'):
            c['answers'] = list(e['answers'])
    for m in re.finditer(r'^- delete `([^`]+)`: `([^`]+)`', edits, re.M):
        c = byid.get(m[1])
        if c is None or m[2] not in c.get('asks', []):
            errors.append(f'ASKS-EDITS.md: {m[1]}: no ask {m[2]!r}')
            continue
        c['asks'].remove(m[2])
    for m in re.finditer(r'^- answers `([^`]+)`: `([^`]*)` -> `([^`]*)`',
                         edits, re.M):
        c = byid.get(m[1])
        if c is None or ','.join(c.get('answers', [])) != m[2]:
            errors.append(f'ASKS-EDITS.md: {m[1]}: answers are not {m[2]!r}')
            continue
        c['answers'] = [x for x in m[3].split(',') if x]
        if not c['answers']:
            del c['answers']
    if errors:
        print('\n'.join(errors), file=sys.stderr)
        sys.exit(1)
    open(KB, 'w').write(dump(doc))
    n = sum(1 for c in doc['claims'] if c.get('asks'))
    print(f'{KB}: {n} of {len(doc["claims"])} claims have asks, '
          f'{sum(len(c.get("asks", [])) for c in doc["claims"])} asks')


main()
