#!/usr/bin/env python3
"""One round's figures over the public sets, through the live daemon.

usage: python3 tests/tools/eval_round.py [ROOT] [--sets a,b,...] [--save DIR]
       (DIR: each set's run.mjs report, as SET.json)
ROOT is a checkout with a built tree (default: .).  For every public set it
runs `node tests/eval/run.mjs --only SET --json ...` there (a daemon over
WebSocket) and prints passed/total; for question sets also the declines
passed, and the rank of the right claim (any claim of the item's `cite`)
in `build/kbtool search -k 40` over the covered questions (expect reply
answer): rank 1, 2-5, >5, absent.  Never give it a sealed set (heldout4/
to heldout7/): they are refused.  The public sets (shared/...) are read
from $EVAL_SHARED, else ../shared/eval next to ROOT, as run.mjs does."""
import json, os, re, subprocess, sys, tempfile

KB = 'knowledge/rust-vs-go-2026'
SETS = ['dev-casual', 'dev-questions', 'dev-questions2', 'dev-questions3',
        'dev-questions4', 'dev-untouched', 'heldout2/questions',
        'heldout3/questions', 'questions', 'shared/questions',
        'dev-descriptions', 'dev-descriptions2', 'dev-descriptions3',
        'dev-descriptions5', 'dev-descriptions7', 'dev-descriptions8',
        'dev-conversations', 'dev-conversations2', 'dev-conversations3',
        'dev-conversations4', 'dev-conversations5', 'dev-conversations6',
        'dev-conversations7', 'dev-conversations8', 'dev-conversations9',
        'dev-conversations10', 'dev-descriptions9', 'dev-descriptions10',
        'dev-commands',
        'dev-followups', 'dev-general7', 'dev-singles4', 'dev-gate8']


def rank_of(root, q, want):
    out = subprocess.run([os.path.join(root, 'build/kbtool'), 'search',
                          os.path.join(root, KB), '-k', '40', q],
                         capture_output=True, text=True).stdout
    for line in out.split('\n')[2:]:
        m = re.match(r'\s*(\d+)\s+[\d.]+ [\d.]+ m\d+\S* (\S+)', line)
        if m and m[2] in want:
            return int(m[1])
    return None


def main():
    args = sys.argv[1:]
    root = '.'
    sets = SETS
    save = None
    while args:
        a = args.pop(0)
        if a == '--sets':
            sets = args.pop(0).split(',')
        elif a == '--save':
            save = args.pop(0)
            os.makedirs(save, exist_ok=True)
        else:
            root = a
    env = dict(os.environ)
    # the public sets where run.mjs looks: $EVAL_SHARED, else
    # ../shared/eval next to ROOT (set it when ROOT is a worktree)
    env.setdefault('EVAL_SHARED', os.path.join(os.path.abspath(root), '..',
                                               'shared', 'eval'))
    tot = {'r1': 0, 'r5': 0, 'rfar': 0, 'absent': 0}
    for name in sets:
        if re.match(r'heldout[4-9]/', name):
            sys.exit(f'{name}: sealed, not run')
        with tempfile.NamedTemporaryFile(suffix='.json') as tf:
            subprocess.run(['node', 'tests/eval/run.mjs', '--only', name,
                            '--json', tf.name], cwd=root, env=env,
                           capture_output=True, text=True)
            try:
                rep = json.load(open(tf.name))
                if save:
                    json.dump(rep, open(os.path.join(
                        save, name.replace('/', '_') + '.json'), 'w'))
            except ValueError:
                print(f'{name:22} (no report)')
                continue
        if not rep['sets']:
            print(f'{name:22} (no such set)')
            continue
        res = rep['sets'][0]['results']
        line = f"{name:22} {rep['sets'][0]['figures']['line']}"

        path = (os.path.join(env['EVAL_SHARED'], name[7:] + '.json')
                if name.startswith('shared/') else
                os.path.join(root, 'tests/eval', name + '.json'))
        data = json.load(open(path))
        items = {x.get('id', x.get('q')): x for x in
                 data.get('questions', []) if isinstance(x, dict)}
        if items and 'cite' in json.dumps(data):
            dec = [r for r in res if items.get(r['id'], {}).get(
                'expect', {}).get('reply') == 'decline']
            cov = [r for r in res if items.get(r['id'], {}).get(
                'expect', {}).get('reply') == 'answer']
            rk = {'r1': 0, 'r5': 0, 'rfar': 0, 'absent': 0}
            for r in cov:
                ex = items[r['id']]['expect']
                want = {c for g in ex.get('cite', []) for c in g}
                k = rank_of(root, items[r['id']]['q'], want)
                key = ('absent' if k is None else 'r1' if k == 1 else
                       'r5' if k <= 5 else 'rfar')
                rk[key] += 1
                tot[key] += 1
            line += (f'  covered {sum(r["pass"] for r in cov)}/{len(cov)}'
                     f'  declines {sum(r["pass"] for r in dec)}/{len(dec)}'
                     f'  rank1 {rk["r1"]} r2-5 {rk["r5"]} r>5 {rk["rfar"]}'
                     f' absent {rk["absent"]}')
        print(line, flush=True)
    print('rank of the right claim over covered questions:',
          ' '.join(f'{k} {v}' for k, v in tot.items()))


main()
