"""Write the place-gold JSONL from the hand annotations (ann2016.py / ann2017.py) and gazetteer (gaz.py).
Sentence text is cut from the article around each hand-listed mention."""
import json, re, sys, importlib
sys.path.insert(0, '/work/gold-places')
from gaz import P

WINER = '/work/shared/data/winer-fr'
END = re.compile(r'[.!?](?:\s*»)?(?=\s|$)')


BOUND = re.compile(r'[.!?](?:\s*»)?\s+(?=[A-ZÀ-ÝÉÈÎÔÛ«–—0-9"(\[])')


def sentence_of(text, p, n):
    ls = text.rfind('\n', 0, p) + 1
    le = text.find('\n', p)
    le = len(text) if le < 0 else le
    line = text[ls:le]
    rp = p - ls
    start = 0
    for m in BOUND.finditer(line[:rp]):
        start = m.end()
    end = len(line)
    for m in BOUND.finditer(line, rp + n):
        end = m.start() + len(m.group(0).rstrip())
        break
    s = line[start:end].strip()
    s = s.lstrip('–— ').strip()
    return s


def isletter(ch):
    return ch.isalpha()


def build(year, verbose=False):
    mod = importlib.import_module('ann%s' % year)
    out = []
    for f, mentions in mod.ANN.items():
        text = open('%s/%s/%s' % (WINER, year, f), encoding='utf-8').read()
        cur = 0
        for t in mentions:
            mention, key = t[0], t[1]
            meto = len(t) > 2 and t[2] == 'M'
            ctx = t[3] if len(t) > 3 else mention
            q = cur
            while True:
                i = text.find(ctx, q)
                if i < 0:
                    raise SystemExit('NOT FOUND %s %r ctx=%r after %d' % (f, mention, ctx, cur))
                p = i + ctx.index(mention)
                before = text[p - 1] if p > 0 else ' '
                after = text[p + len(mention)] if p + len(mention) < len(text) else ' '
                if not isletter(before) and not isletter(after):
                    break
                q = i + 1
            cur = p + 1
            s = sentence_of(text, p, len(mention))
            rec = dict(file=f, sentence=s, text=mention)
            rec.update(P[key])
            rec['metonymy'] = meto
            out.append(rec)
            if verbose:
                print('%-22s %-22s %-28s %s%s| %s' % (f[3:], mention[:22], P[key]['name'][:28], P[key]['precision'][:4], '*' if meto else ' ', s[:110]))
    return out


if __name__ == '__main__':
    for y in [a for a in sys.argv[1:] if not a.startswith('-')]:
        recs = build(y, verbose='-v' in sys.argv)
        with open('/work/gold-places/places-%s.jsonl' % y, 'w', encoding='utf-8') as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + '\n')
        with open('/work/gold-places/files-%s.txt' % y, 'w') as fh:
            for f in importlib.import_module('ann%s' % y).ANN:
                fh.write(f + '\n')
        print(y, len(recs), 'records')
