#!/usr/bin/env python3
"""Independent record count for ../shared/data/realworld-exports (no Paperscope code).

For each file: the number of records, and of those the number with a title or an abstract
(the papers Paperscope must produce), plus the first such record's title and first author.
Counted with Python's own csv/json modules and format markers (RIS "TY  -", WoS "PT ",
MEDLINE "PMID-", BibTeX "@type{"). The figures go, checked by eye, into realworld.test.ts.
Run: python3 tests/realworld/count_records.py [DIR]
"""
import codecs, csv, io, json, os, re, sys

csv.field_size_limit(1 << 30)
ARGS = [a for a in sys.argv[1:] if not a.startswith('--')]
DIR = ARGS[0] if ARGS else os.path.join(os.path.dirname(__file__), '../../../shared/data/realworld-exports')


def decode(b):
    if b.startswith(codecs.BOM_UTF8): return b[3:].decode('utf-8')
    if b.startswith(codecs.BOM_UTF16_LE): return b[2:].decode('utf-16-le')
    if b.startswith(codecs.BOM_UTF16_BE): return b[2:].decode('utf-16-be')
    for enc in ('utf-8', 'gbk', 'cp1252'):
        try: return b.decode(enc)
        except UnicodeDecodeError: pass


def tagged(text, start_re, tag_w, title_tags, abs_tags, au_tags, sep):
    """Field-tagged text (RIS, WoS, MEDLINE): records begin at start_re."""
    lines = re.split(r'\r\n|\r|\n', text)
    recs, cur, last = [], None, None
    for l in lines:
        l = l.lstrip('\ufeff')
        if re.match(start_re, l):
            cur = {}; recs.append(cur)
        if cur is None: continue
        m = re.match(r'^([A-Z][A-Z0-9]{1,3})\s*' + sep, l)
        if m:
            last = m.group(1); cur.setdefault(last, []).append(l[m.end():].strip())
        elif l.strip() and last and (l.startswith(' ') or sep == ' -'):
            cur[last][-1] += ' ' + l.strip()
        if re.match(r'^ER(  -|$|\s*$)', l): cur = None
    out = []
    for r in recs:
        t = next((v[0] for k in title_tags for v in [r.get(k)] if v and v[0]), '')
        a = next((v[0] for k in abs_tags for v in [r.get(k)] if v and v[0]), '')
        au = next((v[0] for k in au_tags for v in [r.get(k)] if v and v[0]), '')
        out.append((t, a, au))
    return out


def bibtex(text):
    out = []
    for m in re.finditer(r'^[ \t]*@[ \t]*(\w+)[ \t]*[{(]', text, re.M):
        if m.group(1).lower() in ('string', 'comment', 'preamble'): continue
        nxt = re.compile(r'^[ \t]*@[ \t]*\w+[ \t]*[{(]', re.M).search(text, m.end())
        body = text[m.end(): nxt.start() if nxt else len(text)]
        def val(name):
            f = re.search(r'(?<![\w-])' + name + r'\s*=\s*(?:\{\s*([^\s}])|"\s*([^\s"])|([A-Za-z0-9]))', body, re.I)
            return bool(f)
        t = re.search(r'(?<![\w-])title\s*=\s*[{"]?\s*(.{0,400})', body, re.I)
        au = re.search(r'(?<![\w-])author\s*=\s*[{"]\s*(.{0,40})', body, re.I)
        out.append((t.group(1) if t and val('title') else '', 'x' if val('abstract') else '', au.group(1) if au else ''))
    return out


TITLE_COLS = ['title', 'document title', 'item title', 'ti', 'article title', 'primary title']
ABS_COLS = ['abstract', 'abstract note', 'ab', 'summary']
AU_COLS = ['authors', 'author', 'au', 'first_authors']


def table(text, delim=None):
    if delim is None:
        delim = max([',', ';', '\t'], key=lambda d: text.split('\n', 1)[0].count(d))
    rows = list(csv.reader(io.StringIO(text, newline=''), delimiter=delim, quoting=csv.QUOTE_NONE if delim == '\t' else csv.QUOTE_MINIMAL))
    rows = [r for r in rows if any(c.strip() for c in r)]
    head = [h.strip().lower() for h in rows[0]]
    col = lambda names: next((head.index(n) for n in names if n in head), None)
    ti, ab, au = col(TITLE_COLS), col(ABS_COLS), col(AU_COLS)
    g = lambda r, i: r[i].strip() if i is not None and i < len(r) else ''
    return [(g(r, ti), g(r, ab), g(r, au)) for r in rows[1:]]


def js(text, path):
    try:
        data = json.loads(text); items = data if isinstance(data, list) else None
    except json.JSONDecodeError:
        items = [json.loads(l) for l in text.splitlines() if l.strip()]
    out = []
    for it in items:
        p = it.get('paper', it)
        t = p.get('title') or p.get('display_name') or ''
        a = p.get('abstract') or p.get('summary') or ('x' if p.get('abstract_inverted_index') else '')
        au = p.get('authors') or p.get('author') or []
        if isinstance(au, str): first = au.split(',')[0]
        elif au: x = au[0]; first = x.get('name') or (x.get('given', '') + ' ' + x.get('family', '')).strip() if isinstance(x, dict) else str(x)
        else: first = ''
        out.append((t, a, first))
    return out


def records(path):
    text = decode(open(path, 'rb').read())
    head = text.lstrip('\ufeff')[:3000]
    if re.search(r'^(FN |PT [A-Z]\b)', head, re.M) and re.search(r'^ER\b', text, re.M):
        return 'wos-tagged', tagged(text, r'^PT ', 2, ['TI'], ['AB'], ['AU'], ' ')
    if re.search(r'^PMID-', head, re.M):
        return 'medline', tagged(text, r'^PMID-', 4, ['TI'], ['AB'], ['FAU', 'AU'], '-')
    if re.search(r'^\s*TY  -', head, re.M):
        return 'ris', tagged(text, r'^TY  -', 2, ['TI', 'T1', 'CT'], ['AB', 'N2'], ['AU', 'A1'], ' -')
    if re.search(r'^\s*@\s*\w+\s*[{(]', head, re.M):
        return 'bibtex', bibtex(text)
    if head.lstrip()[:1] in '[{':
        who = ('daily-papers' if '"paper"' in head else 'csl' if '"issued"' in text[:20000] else 'kaggle-arxiv' if 'authors_parsed' in text[:20000] else 'other')
        return 'json-' + who, js(text, path)
    if head.startswith('PT\t'):
        return 'wos-tab', table(text, '\t')
    h = text.lstrip('\ufeff').split('\n', 1)[0].lower()
    who = ('ieee' if 'document title' in h else 'springer' if 'item title' in h else 'zotero' if 'abstract note' in h
           else 'screening' if '"ti"' in h else 'openreview' if 'decision' in h else 'generic')
    return 'csv-' + who, table(text)


def key(t):
    """Loose match key: first 24 ASCII letters of the text, LaTeX commands dropped."""
    import unicodedata
    t = re.sub(r'\\textbackslash(\{\}|\s)', '\\\\', t)  # a literal backslash before a word
    t = re.sub(r'\\[a-zA-Z]+', '', t)
    t = unicodedata.normalize('NFKD', t)
    return re.sub(r'[^a-z]', '', t.lower())[:24]


def main():
    as_json = '--json' in sys.argv
    out = {}
    for root, _, files in sorted(os.walk(DIR)):
        for f in sorted(files):
            if f == 'SOURCES.md': continue
            p = os.path.join(root, f)
            kind, recs = records(p)
            with_text = [r for r in recs if r[0].strip() or r[1].strip()]
            first = with_text[0] if with_text else ('', '', '')
            rel = os.path.relpath(p, DIR)
            out[rel] = {'kind': kind, 'records': len(recs), 'papers': len(with_text), 'keys': [key(r[0]) if r[0].strip() else 'abstract:' + key(r[1]) for r in with_text]}
            if as_json: continue
            print(f'{os.path.relpath(p, DIR)}\t{kind}\t{len(recs)}\t{len(with_text)}\t{first[0][:60]!r}\t{first[2][:30]!r}')

    if as_json: print(json.dumps(out))


main()
