"""Searching the Chinese site for another name of a term (其他译法) finds the glossary entry.

docs/glossary.yml lists, for each term, the other Chinese names of the
references (d2l-zh's 汇聚层 and 暂退法, the Chinese PyTorch documentation's
批大小 …), and docs_tools/content/glossary.py writes them into the glossary page,
whose text Material's search indexes (cut into words by jieba). A reader who
learned 汇聚层 from d2l-zh and types it into this site's search must reach the
glossary, where the row says that this site writes 池化.
tests/test_terminology.py checks every name the same way without a browser.
"""

from __future__ import annotations

import re

import pytest

from actions import assert_clean, open_page, type_search
from docs_tools.pages import language_root

pytestmark = pytest.mark.browser

# What a reader types -> the term of the row that names it (the site's Chinese term).
QUERIES = {"汇聚层": "池化", "暂退法": "Dropout", "批量大小": "批量大小"}
GLOSSARY = "glossary/"
# The Chinese term (second column) of each glossary row whose term or other names (third column, 、-separated) is q.
ROWS_NAMING = """q => [...document.querySelectorAll("article table tr")]
  .map(tr => [...tr.cells].map(cell => cell.innerText.trim()))
  .filter(cells => cells.length >= 3 && (cells[1] === q || cells[2].split("、").includes(q)))
  .map(cells => cells[1])"""


def search_all(page, query):
    """Type a query into Material's search box; the links of all its results (no query string or anchor).

    Material shows the first 10 results, then 4 more each time the list is
    scrolled to its end: scroll until no more come.
    """
    type_search(page, query)
    links: list[str] = []
    for _ in range(20):
        shown = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
        if shown == links:
            break
        links = shown
        page.evaluate("() => { const wrap = document.querySelector('.md-search__scrollwrap'); wrap.scrollTop = wrap.scrollHeight; }")
        page.wait_for_timeout(250)
    return [re.sub(r"[?#].*$", "", link) for link in links]


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_search_finds_the_glossary_by_another_name(page, site_url, query):
    home = site_url + language_root("zh")
    open_page(page, home)
    page.wait_for_load_state("networkidle")
    found = search_all(page, query)
    english = [link for link in found if link.startswith(site_url + "en/")]
    assert not english, f"searching {query!r} on the zh site found English pages: {english}"
    glossary = home + GLOSSARY
    assert glossary in found, f"searching {query!r} on the zh site did not find the glossary ({glossary}): {found}"
    assert_clean(page, f"search for {query!r}")

    # The glossary's row that names the query (as its term or one of its other names) gives the site's term.
    open_page(page, glossary)
    terms = page.evaluate(ROWS_NAMING, query)
    assert terms == [QUERIES[query]], f"the glossary rows naming {query!r} give {terms}, not {QUERIES[query]!r}"
