#!/usr/bin/env python3
"""Print the real English words a knowledge base's typo corrector would
otherwise "correct" onto one of its own words ("flash" onto the choice word
"flask"), as the JSON array for lexicon.json "not_typos".

usage: contrib/kb-not-typos.py KBDIR [DICT]   (DICT: hunspell's en_US.dic,
Debian package hunspell-en-us, /usr/share/hunspell/en_US.dic by default)
       contrib/kb-not-typos.py --comparatives KBDIR [DICT]
The second prints lexicon.json "not_comparatives": the dictionary's own
words that end like a comparative (the KB's phrases.reading.
comparative_endings) with no word before the ending ("weather", "answer";
not "leaner": "lean"), which the engine must not read as comparing.

The reach mirrors correct_in() in knowledge/kb_index.c: the first letter
agrees; 4 letters: an adjacent swap only; 5-8 letters: one edit; 9 and more:
two; words that differ only by an ending ("compiled", "compiler") are no
typo of each other, and a word sharing all but its last three letters (at
least six) with a KB word is taken as a form of it ("tolerance",
"tolerate"), whose correction helps, so it is left out of the list.  Every lowercase word of the KB's JSON strings stands
for its vocabulary (a superset: a few more words than needed is harmless).
"""
import json, os, re, sys

SFX = ["ing", "ion", "ed", "er", "es", "ly", "al", "or", "e", "s", ""]


def same_stem(a, b):
    for i, si in enumerate(SFX):
        if len(a) <= len(si) + 2 or not a.endswith(si):
            continue
        for j, sj in enumerate(SFX):
            if i == j or len(b) <= len(sj) + 2 or not b.endswith(sj):
                continue
            if len(a) - len(si) == len(b) - len(sj) and \
                    a[:len(a) - len(si)] == b[:len(b) - len(sj)]:
                return True
    return False


def osa(a, b, top):
    """Optimal string alignment distance, or top + 1 when above top."""
    if abs(len(a) - len(b)) > top:
        return top + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            c = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and \
                    a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > top:
            return top + 1
        prev2, prev = prev, cur
    return prev[-1]


def prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def reach(w, t):
    if len(w) < 4 or w[0] != t[0] or w == t:
        return False
    # another form of the same word ("tolerance", "tolerate"): its
    # correction reads the user right, so it is kept
    p = prefix(w, t)
    if p >= 6 and p >= min(len(w), len(t)) - 3:
        return False
    if len(w) == 4:
        return len(t) == 4 and sum(x != y for x, y in zip(w, t)) == 2 and \
            sorted(w) == sorted(t) and any(
                w[i] == t[i + 1] and w[i + 1] == t[i] and
                w[:i] == t[:i] and w[i + 2:] == t[i + 2:]
                for i in range(3))
    top = 2 if len(w) >= 9 else 1
    return osa(w, t, top) <= top and not same_stem(w, t)


def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from strings(x)


def comparatives(kbdir, dic):
    with open(os.path.join(kbdir, "dialogue.json"), encoding="utf-8") as fh:
        ends = json.load(fh)["phrases"]["reading"]["comparative_endings"]
    words = set()
    with open(dic, encoding="utf-8", errors="replace") as fh:
        next(fh)
        for line in fh:
            w = line.split("/")[0].strip()
            if re.fullmatch(r"[a-z]+", w):
                words.add(w)
    out = []
    for w in sorted(words):
        for e in ends:
            if len(w) < len(e) + 4 or not w.endswith(e):
                continue
            b = w[:-len(e)]
            bases = {b, b + "e", b[:-1] + "y" if b.endswith("i") else b,
                     b[:-1] if b[-1] == b[-2] else b}
            if not bases & words:
                out.append(w)
                break
    print(json.dumps(out))


def main():
    if sys.argv[1] == "--comparatives":
        comparatives(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else
                     "/usr/share/hunspell/en_US.dic")
        return
    kbdir = sys.argv[1]
    dic = sys.argv[2] if len(sys.argv) > 2 else \
        "/usr/share/hunspell/en_US.dic"
    vocab = set()
    for f in sorted(os.listdir(kbdir)):
        if f.endswith(".json"):
            with open(os.path.join(kbdir, f), encoding="utf-8") as fh:
                data = json.load(fh)
            if f == "lexicon.json":
                data.pop("not_typos", None)
            for s in strings(data):
                vocab.update(re.findall(r"[a-z]{4,}", s.lower()))
    by = {}
    for t in vocab:
        by.setdefault((t[0], len(t)), []).append(t)
    words = set()
    with open(dic, encoding="utf-8", errors="replace") as fh:
        next(fh)        # the count
        for line in fh:
            w = line.split("/")[0].strip()
            # a word the KB's strings use is listed too: they are a
            # superset of what the matcher knows ("later" is in asks,
            # not a choice word, and was read as "layer")
            if not re.fullmatch(r"[a-z]{4,}", w):
                continue
            top = 2 if len(w) >= 9 else 1
            if any(reach(w, t) for n in range(len(w) - top, len(w) + top + 1)
                   for t in by.get((w[0], n), ())):
                words.add(w)
    print(json.dumps(sorted(words)))


main()
