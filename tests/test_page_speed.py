"""Pages a phone can lay out quickly: no chapter or notebook page over 6,000 DOM elements.

The browser's style and layout work grows with the number of elements, and
Material's script measures the page as it starts: on a phone (Lighthouse's
mobile profile, benchmarks/lighthouse.py, the README's table) chapter 4 with
16,000 elements blocked the main thread for seconds. What kept it large:
formulas drawn twice (KaTeX's HTML and its MathML; now MathML once,
docs_tools/render/formulas.py), a <span> per code token and per line
(docs_tools.render.page_additions.PlainTokens, mark_doctest_output), JupyterLab's
wrappers around every notebook cell (docs_tools/notebooks/notebook_cells.html.j2).

Counted in the built HTML, as Lighthouse counts the page once Material has run:
every element, plus the copy button Material adds to each code block.
"""

from __future__ import annotations

import html.parser
import re

import pytest

from docs_tools.notebooks import chapter_notebooks
from docs_tools.pages import LANGUAGES, language_root

MAX_ELEMENTS = 6000  # issue 21; Lighthouse warns from 800 and flags from 1,400
ADDED_PER_CODE_BLOCK = 2  # Material's <nav class="md-code__nav"> and its copy <button>
CHAPTER = re.compile(r"\d\d-[\w-]+")


class _Counter(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = 0
        self.code_blocks = 0  # <pre> holding <code>: what Material mounts a copy button on (not outputs' bare <pre>)
        self._pre = None  # in a <pre>: whether its <code> was counted

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        if tag == "pre":
            self._pre = False
        elif tag == "code" and self._pre is False:
            self._pre = True
            self.code_blocks += 1

    def handle_endtag(self, tag):
        if tag == "pre":
            self._pre = None

    def handle_startendtag(self, tag, attrs):
        self.elements += 1


def dom_size(page_html: str) -> int:
    counter = _Counter()
    counter.feed(page_html)
    return counter.elements + ADDED_PER_CODE_BLOCK * counter.code_blocks


def chapter_pages(site):
    for language in LANGUAGES:
        root = site / language_root(language)
        for folder in (root, root / chapter_notebooks.FOLDER):
            for index in sorted(folder.glob("*/index.html")):
                if CHAPTER.fullmatch(index.parent.name):
                    yield index.relative_to(site).parent.as_posix() + "/", index


def test_dom_size_counts_what_the_browser_builds():
    page = (
        '<html><head><meta charset="utf-8"></head><body><p>a<br>b <code>c</code></p>'
        "<pre><span></span><code><span>x</span></code></pre><pre>output</pre></body></html>"
    )
    assert dom_size(page) == 12 + ADDED_PER_CODE_BLOCK  # html head meta body p br code pre span code span pre


def test_chapter_and_notebook_pages_stay_small(built_site):
    pages = list(chapter_pages(built_site))
    assert len(pages) >= 4 * len(LANGUAGES), f"too few chapter and notebook pages found: {[url for url, _ in pages]}"
    sizes = {url: dom_size(index.read_text(encoding="utf-8")) for url, index in pages}
    largest = max(sizes, key=sizes.get)
    print(f"largest page: /{largest}, {sizes[largest]} elements")
    over = {f"/{url}": size for url, size in sizes.items() if size > MAX_ELEMENTS}
    if over:
        pytest.fail(f"pages over {MAX_ELEMENTS:,} DOM elements (Lighthouse's dom-size; see this file's docstring): {over}")
