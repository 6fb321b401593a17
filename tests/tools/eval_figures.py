#!/usr/bin/env python3
"""Print the figures line of each report saved by eval_round.py --save DIR,
and, given a second DIR, the items whose pass changed between the two.

usage: python3 tests/tools/eval_figures.py BEFORE_DIR [AFTER_DIR]"""
import json, os, sys


def load(d, f):
    return json.load(open(os.path.join(d, f)))['sets'][0]


dirs = sys.argv[1:]
for f in sorted(os.listdir(dirs[-1])):
    if not f.endswith('.json') or not all(
            os.path.exists(os.path.join(d, f)) for d in dirs):
        continue
    sets = [load(d, f) for d in dirs]
    print(f'{f[:-5]:24} ' + '  ->  '.join(s['figures']['line']
                                          for s in sets))
    if len(sets) == 2:
        before = {r['id']: r for r in sets[0]['results']}
        for r in sets[1]['results']:
            b = before.get(r['id'])
            if b is not None and b['pass'] != r['pass']:
                print(f"    {'fixed' if r['pass'] else 'BROKE'} {r['id']}: "
                      f"{r.get('input', '')[:70]} | {str(r.get('got', r.get('why', '')))[:90]}")
