"""The search index: one per language, with doctest code but not its printed output.

- Material's search plugin indexes each page's HTML. Doctest blocks carry
  prompts and printed tensors, about a quarter of the index, which every
  search fetches: the index gets the code only (:func:`content_for_index`).
- mkdocs-static-i18n merges both languages into one index, with both stemmers.
  After the build, each language gets its own (Chinese at /search/, English at
  /en/search/), from the entries Material's search plugin collected
  (docs_tools.plugin_internals.search_entries).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docs_tools import plugin_internals
from docs_tools.pages import LANGUAGES, language_root
from docs_tools.render.page_additions import OUTPUT_RUN

# What a doctest block shows besides its code: prompts, and runs of output
# lines (docs_tools.render.page_additions.mark_doctest_output: one element each,
# ending with its last line's newline; the spans inside end within their line).
_DOCTEST_NOISE = re.compile(re.escape(OUTPUT_RUN) + r'.*?\n</span>|<span class="gp">[^<]*</span>', re.S)

_entries: dict[str, dict] = {}  # location -> entry, over every language built
_options: dict = {}


def content_for_index(html: str) -> str:
    """A page's HTML as the index should see it: doctest blocks without prompts and outputs."""
    return _DOCTEST_NOISE.sub("", html)


def collect(config) -> None:
    """After one language's build: keep the entries Material's search plugin indexed."""
    found = plugin_internals.search_entries(config)
    if found is None:
        return
    entries, options = found
    _entries.update((entry["location"], entry) for entry in entries)
    _options.update(options)


def write_per_language(site_dir: str) -> None:
    """After every language is built: write each language's own index over the merged one."""
    if not _entries:
        return
    others = tuple(language_root(other) for other in LANGUAGES if language_root(other))
    for language in LANGUAGES:
        root = language_root(language)
        if root:
            docs = [dict(e, location=e["location"][len(root) :]) for loc, e in _entries.items() if loc.startswith(root)]
        else:
            docs = [e for loc, e in _entries.items() if not loc.startswith(others)]
        # Each index names its own language (the merged one named both). No
        # stemmer: Material searches as you type with a trailing wildcard, and
        # lunr skips the pipeline for wildcard terms, so a stemmed index would
        # miss "broadcasting" ("broadcast" in the index). Stop words go, as in
        # Material's English default. The Chinese pages are full of English
        # API names, so their index handles English words too.
        lang = ["en"] if language == "en" else [language, "en"]
        index = {"config": dict(_options, lang=lang, pipeline=["stopWordFilter"]), "docs": docs}
        path = Path(site_dir) / root / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    _entries.clear()
