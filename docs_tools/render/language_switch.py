"""The two languages' links to each other: the switch, the search index, the <head>.

mkdocs-static-i18n builds each language under its root (zh at /, en at /en/)
and points the language switch at the same page in the other language. What
it does not cover:

- the 404 page, rendered after the pages with the last page's links: it gets
  the language roots (docs_tools.plugin_internals.language_roots);
- the rel=alternate links it writes into <head>: Material takes them for site
  roots and fetches <link>/sitemap.xml, a 404 and a console error on every
  page. The hreflang alternates stay in sitemap.xml (:func:`without_head_alternates`);
- Material loads the search index from <base>/search/: English pages are
  pointed at the English index (:func:`search_base`; docs_tools.render.search_index).
"""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

from docs_tools.pages import language_root

_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{.*?"base": )"([^"]*)"')


def without_head_alternates(output: str) -> str:
    return _HEAD_ALTERNATE.sub("", output)


def search_base(output: str, language: str, page_url: str) -> str:
    """Material's "base" for a page of `language`: that language's root, where its search index is."""
    root = language_root(language)
    if not root:
        return output
    base = get_relative_url(root, page_url) if page_url else "."
    return _CONFIG_BASE.sub(lambda m: f'{m[1]}"{base.rstrip("/") or "."}"', output, count=1)
