#!/usr/bin/env python
"""Developer tools for the docs (not part of the package): render the notebooks to static HTML offline (no Quarto),
write README.md from nbs/index.ipynb, and check both.

    python .ci/docs.py readme            # write README.md from nbs/index.ipynb (run after editing index.ipynb)
    python .ci/docs.py html [--nbs DIR] [--out DIR] [--renderer auto|nbconvert|builtin]
    python .ci/docs.py check             # README.md is up to date; the built-in renderer works (CI runs this)

The docs site is built by Quarto (`nbdev_docs`, with `nbs/_quarto.yml`) where Quarto is installed. Without it,
`html` renders every notebook of `nbs/` to a static HTML page with a navigation index, into `_docs_html/`
(git-ignored): nbconvert's `HTMLExporter` when nbconvert is installed, else a small built-in renderer (markdown-it
and Pygments, both installed with the package's dependencies). nbdev directives are honoured the way the docs site
does: `#| hide` cells are left out and directive lines are not shown.
"""
from __future__ import annotations
import argparse, html, json, re, shutil, sys, tempfile
from pathlib import Path
from fastcore.test import test_eq, test_fail
from mir_explain.core import *

def _nb_title(nb:dict, default:str) -> str:
    for c in nb.get('cells', []):
        if c.get('cell_type') == 'markdown':
            for line in ''.join(c.get('source', '')).splitlines():
                if line.startswith('# '): return line[2:].strip()
    return default

def _src(c) -> str: return ''.join(c.get('source', '')) if isinstance(c.get('source'), list) else c.get('source', '')

def _visible_cells(nb:dict) -> list:
    "Cells the docs show: no `#| hide` cells, directive lines dropped from code."
    out = []
    for c in nb.get('cells', []):
        s = _src(c)
        lines = s.splitlines()
        if c.get('cell_type') == 'code':
            dirs = [l[3:].strip() for l in lines if l.startswith('#|')]
            if any(d.split()[0] in ('hide', 'exporti') for d in dirs if d): continue
            s = '\n'.join(l for l in lines if not l.startswith('#|')).strip('\n')
            if not s: continue
        out.append(dict(c, source=s))
    return out

def _render_output(o:dict) -> str:
    d = o.get('data', {})
    if o.get('output_type') == 'stream': return f'<pre class="out">{html.escape("".join(o.get("text", "")))}</pre>'
    if 'image/png' in d: return f'<img src="data:image/png;base64,{"".join(d["image/png"]).strip()}">'
    if 'text/html' in d: return ''.join(d['text/html'])
    if 'text/plain' in d: return f'<pre class="out">{html.escape("".join(d["text/plain"]))}</pre>'
    if o.get('output_type') == 'error': return f'<pre class="out err">{html.escape(o.get("ename", ""))}: {html.escape(o.get("evalue", ""))}</pre>'
    return ''

def _render_builtin(nb:dict) -> str:
    "Notebook body as HTML with markdown-it (tables on) and Pygments."
    from markdown_it import MarkdownIt
    from pygments import highlight
    from pygments.lexers import PythonLexer
    from pygments.formatters import HtmlFormatter
    md, fmt, parts = MarkdownIt('commonmark').enable('table'), HtmlFormatter(nowrap=False), []
    for c in _visible_cells(nb):
        if c['cell_type'] == 'markdown': parts.append(f'<div class="md">{md.render(c["source"])}</div>')
        elif c['cell_type'] == 'code':
            parts.append(highlight(c['source'], PythonLexer(), fmt))
            parts += [_render_output(o) for o in c.get('outputs', [])]
    return f'<style>{HtmlFormatter().get_style_defs(".highlight")}</style>' + '\n'.join(parts)

def _render_nbconvert(nb:dict) -> str:
    import nbformat
    from nbconvert import HTMLExporter
    node = nbformat.from_dict(dict(nb, cells=_visible_cells(nb)))
    body, _ = HTMLExporter(template_name='basic').from_notebook_node(node)
    return body

_DOCS_CSS = """body{font-family:system-ui,sans-serif;max-width:1000px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.45}
nav{font-size:.9em;border-bottom:1px solid #ddd;padding-bottom:.5em;margin-bottom:1em}nav a{margin-right:1em}
pre{overflow-x:auto;font-size:.85em}.highlight{background:#f6f8fa;padding:.1em .6em;border-radius:4px}
pre.out{background:#fff;border-left:3px solid #ccc;padding-left:.6em}table{border-collapse:collapse;font-size:.9em}
td,th{border:1px solid #ddd;padding:.2em .5em}img{max-width:100%}"""

def build_docs(nbs:str|Path|None=None, # notebook folder (default: the checkout's `nbs/`)
               out:str|Path|None=None, # output folder (default: `<repo>/_docs_html`)
               renderer:str='auto', # 'auto' (nbconvert if installed), 'nbconvert' or 'builtin'
               include:Sequence[str]=('*.ipynb', 'benchmarks/*.ipynb') # notebook globs under `nbs`
              ) -> Path:
    "Render the notebooks to static HTML pages with an index page, without Quarto; return the index path."
    nbs = Path(nbs) if nbs is not None else repo_path('nbs')
    out = Path(out) if out is not None else nbs.parent/'_docs_html'
    if not nbs.exists(): raise MissingFilesError([nbs], 'notebook folder')
    check(nbs.is_dir(), f'{nbs} is not a folder of notebooks')
    if renderer == 'auto':
        try: import nbconvert  # noqa: F401
        except ImportError: renderer = 'builtin'
        else: renderer = 'nbconvert'
    check(renderer in ('nbconvert', 'builtin'), f"renderer must be 'auto', 'nbconvert' or 'builtin', got {renderer!r}")
    files = [f for g in include for f in sorted(nbs.glob(g)) if not f.name.startswith(('_', '.'))]  # nbdev skips _ files
    check(len(files) > 0, f'no notebooks matching {list(include)} in {nbs}', DataError)
    pages = []
    for f in files:
        try: nb = json.loads(f.read_text(encoding='utf-8'))
        except json.JSONDecodeError as e: raise DataError(f'{f}: not a notebook ({e})') from None
        rel = f.relative_to(nbs).with_suffix('.html')
        name = 'index_page.html' if rel.as_posix() == 'index.html' else rel.as_posix().replace('/', '_')
        pages.append((name, _nb_title(nb, f.stem), nb, f))
    render = _render_nbconvert if renderer == 'nbconvert' else _render_builtin
    links = {f.relative_to(nbs).as_posix(): n for n, _, _, f in pages}
    relink = lambda h: re.sub(r'href="([^"#:]+\.ipynb)', lambda m: f'href="{links.get(m.group(1), m.group(1))}', h)
    if (nbs/'images').is_dir(): shutil.copytree(nbs/'images', out/'images', dirs_exist_ok=True)
    for i, (name, title, nb, f) in enumerate(pages):
        prev = f'<a href="{pages[i-1][0]}">&larr; {html.escape(pages[i-1][1])}</a>' if i else ''
        nxt = f'<a href="{pages[i+1][0]}">{html.escape(pages[i+1][1])} &rarr;</a>' if i + 1 < len(pages) else ''
        doc = (f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)} - mir_explain</title>'
               f'<style>{_DOCS_CSS}</style></head><body><nav><a href="index.html">contents</a>{prev}{nxt}</nav>'
               f'{relink(render(nb))}<p style="color:#888;font-size:.8em">source: nbs/{f.relative_to(nbs).as_posix()}</p></body></html>')
        with atomic_path(out/name) as t: t.write_text(doc, encoding='utf-8')
    items = ''.join(f'<li><a href="{n}">{html.escape(t)}</a> <small>({f.relative_to(nbs).as_posix()})</small></li>' for n, t, _, f in pages)
    idx = (f'<!doctype html><html><head><meta charset="utf-8"><title>mir_explain docs</title><style>{_DOCS_CSS}</style></head>'
           f'<body><h1>mir_explain documentation</h1><p>Offline build of the notebooks (renderer: {renderer}). The full site '
           f'with API reference is built by <code>nbdev_docs</code> where Quarto is installed.</p><ul>{items}</ul></body></html>')
    with atomic_path(out/'index.html') as t: t.write_text(idx, encoding='utf-8')
    return out/'index.html'

def readme_text(index_nb:str|Path|None=None # the landing-page notebook (default: the checkout's `nbs/index.ipynb`)
               ) -> str:
    "README.md text from the markdown cells of `index.ipynb`, with links and images made relative to the repository root."
    f = Path(index_nb) if index_nb is not None else repo_path('nbs')/'index.ipynb'
    if not f.exists(): raise MissingFilesError([f], 'index notebook')
    nb = json.loads(f.read_text(encoding='utf-8'))
    cells = [c['source'] for c in _visible_cells(nb) if c['cell_type'] == 'markdown']
    check(len(cells) > 0, f'{f}: no markdown cells', DataError)
    cells[0] = re.sub(r'^> ?', '', cells[0], flags=re.M)   # the summary quote becomes the first paragraph
    md = '\n\n'.join(c.strip('\n') for c in cells) + '\n'
    return re.sub(r'\]\((?!https?:|#|/)([^)\s]+\.(?:ipynb|png|jpg|svg|gif))\)', r'](nbs/\1)', md)

def write_readme(index_nb:str|Path|None=None, # the landing-page notebook (default: `nbs/index.ipynb`)
                 out:str|Path|None=None # the README to write (default: `<repo>/README.md`)
                ) -> Path:
    "Write README.md from `index.ipynb` (atomically), so the two never drift apart."
    out = Path(out) if out is not None else repo_path('README.md')
    with atomic_path(out) as t: t.write_text(readme_text(index_nb), encoding='utf-8')
    return out

def self_check():
    "README.md equals what index.ipynb makes; the built-in renderer renders, hides and links as the docs site does."
    with tempfile.TemporaryDirectory() as d:
        nbd = repo_path('nbs')
        idx = build_docs(nbd, d, renderer='builtin', include=['00_core.ipynb', '14_cli.ipynb'])
        page = idx.read_text()
        assert 'href="00_core.html"' in page and 'href="14_cli.html"' in page and '>Command line<' in page, page
        cli_page = (Path(d)/'14_cli.html').read_text()
        assert '<h2>The whole chain from the command line</h2>' in cli_page and 'class="highlight"' in cli_page
        hidden_line = ' '.join(['import', 'tempfile,', 'contextlib,', 'shutil'])   # the first line of the #| hide cell
        directive = '#|' + ' export'
        assert directive not in cli_page and hidden_line not in cli_page and '_parse_kv' in cli_page
        test_fail(lambda: build_docs(Path(d)/'none', Path(d)/'x'), contains='none')
        build_docs(nbd, d, renderer='builtin', include=['index.ipynb', '00_core.ipynb'])
        home = (Path(d)/'index_page.html').read_text()
        assert 'href="00_core.html"' in home and 'href="00_core.ipynb"' not in home   # notebook links point at the pages
        assert (Path(d)/'images'/'demo_report.png').exists()                          # and the figures travel with them
    rd = readme_text()
    assert rd.startswith('# mir_explain\n\nExplainable content-based medical image retrieval'), rd[:200]
    assert '](nbs/images/demo_report.png)' in rd and '](nbs/00_core.ipynb)' in rd
    test_eq(repo_path('README.md').read_text(encoding='utf-8'), rd)   # README.md is up to date with index.ipynb
    with tempfile.TemporaryDirectory() as d: test_eq(write_readme(out=Path(d)/'R.md').read_text(encoding='utf-8'), rd)
    test_fail(lambda: readme_text('/no/such/index.ipynb'), contains='index.ipynb')
    print('docs check: README.md is up to date; the built-in renderer works')

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    sub.add_parser('readme', help='write README.md from nbs/index.ipynb')
    h = sub.add_parser('html', help='render the notebooks to static HTML')
    h.add_argument('--nbs', default=None, help="notebook folder (default: the checkout's nbs/)")
    h.add_argument('--out', default=None, help='output folder (default: <repo>/_docs_html)')
    h.add_argument('--renderer', default='auto', choices=['auto', 'nbconvert', 'builtin'])
    sub.add_parser('check', help='README.md is up to date and the renderer works')
    a = p.parse_args(argv)
    if a.cmd == 'readme': print(f'README written to {write_readme()}')
    elif a.cmd == 'html': print(f'docs written to {build_docs(a.nbs, a.out, a.renderer)}')
    else: self_check()

if __name__ == '__main__': main()
