"""MkDocs hooks: what screen readers and other assistive technology need from every page.

- The Chinese pages declare their script: ``<html lang="zh-Hans">`` (Material
  writes "zh"; a screen reader then picks a Simplified Chinese voice). English
  pages stay "en".
- Material's search dialog (``role="dialog"``) gets a name, "搜索" / "Search"
  (axe-core: aria-dialog-name).

tests/browser/test_accessibility.py runs axe-core on every page.
"""

from __future__ import annotations

import re

from docs_tools import pages

HTML_LANG = {"zh": "zh-Hans", "en": "en"}
SEARCH_NAME = {"zh": "搜索", "en": "Search"}

_HTML_TAG = re.compile(r'<html lang="(?P<lang>[^"]*)"')
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')


def _label(output: str) -> str:
    match = _HTML_TAG.search(output)
    if match is None:
        return output
    language = match["lang"].split("-")[0]
    if language not in pages.LANGUAGES:
        return output
    output = output[: match.start()] + f'<html lang="{HTML_LANG.get(language, language)}"' + output[match.end() :]
    return _SEARCH_DIALOG.sub(lambda m: f'{m[1]} aria-label="{SEARCH_NAME[language]}">', output, count=1)


def on_post_page(output, page, config, **kwargs):
    return _label(output)


def on_post_template(output, template_name, config, **kwargs):
    if template_name == "404.html":
        return _label(output)
    return output
