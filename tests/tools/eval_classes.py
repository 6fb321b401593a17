#!/usr/bin/env python3
"""Sort the failing covered questions of eval question sets by the mechanism
that decided them (knowledge/RETRIEVAL-DIAGNOSIS.md has the classes).

usage: node tests/eval/run.mjs --only SET --json /tmp/SET.json  (per set)
       python3 tests/tools/eval_classes.py SET=/tmp/SET.json ...
Runs build/kbtool search -k 40 on each failing question of the report.
Never point it at the sealed sets (heldout4/ to heldout7/)."""
import json, re, subprocess, sys, collections

KB = 'knowledge/rust-vs-go-2026'


def classify(got, declined, rank, nu, coverage):
    if 'answer(' not in got:
        return 'R'                      # routed away before search
    if declined:
        if rank == 1:
            return ('U1' if coverage >= 0.5 else 'U2') if nu else 'L'
        return 'N' if rank and rank <= 5 else 'V'
    return 'A' if rank == 1 else 'W'


counts = collections.Counter()
for arg in sys.argv[1:]:
    name, report = arg.split('=', 1)
    items = {x['id']: x for x in json.load(
        open(f'tests/eval/{name}.json'))['questions']}
    for r in json.load(open(report))['sets'][0]['results']:
        ex = items[r['id']]['expect']
        if r['pass'] or ex.get('reply') != 'answer':
            continue
        want = {c for grp in ex.get('cite', []) for c in grp}
        out = subprocess.run(['build/kbtool', 'search', KB, '-k', '40',
                              r['input']], capture_output=True,
                             text=True).stdout.split('\n')
        # "[word df=0 idf=4.84 a2]": a word only the asks of 2 claims use
        terms = re.findall(r'\[([^\]]*?) df=(\d+) idf=[\d.]+( a\d+)?\]',
                           out[0])
        unk = [t for t, df, a in terms
               if df == '0' and not a and not t.startswith('S:')]
        m = re.match(r'covered (\d) coverage ([\d.]+) terms (\d+) '
                     r'unknown (\d+)', out[1])
        rank = rc = rm = None
        for line in out[2:]:
            mm = re.match(r'\s*(\d+)\s+[\d.]+ ([\d.]+) m(\d+)\S* (\S+)',
                          line)
            if mm and mm[4] in want:
                rank, rc, rm = int(mm[1]), float(mm[2]), int(mm[3])
                break
        got = r['got']
        declined = 'answer(covered' not in got
        cls = classify(got, declined, rank, int(m[4]), float(m[2]))
        counts[cls] += 1
        print(f"{cls:3} {name:16} {r['id']:8} cov={m[2]} nterms={m[3]} "
              f"unk={','.join(unk) or '-'} rank={rank} rcov={rc} "
              f"rmatched={rm} | {r['input']}")
print(' '.join(f'{k}={v}' for k, v in sorted(counts.items())),
      'total', sum(counts.values()))
