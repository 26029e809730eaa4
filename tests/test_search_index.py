"""Each language has its own search index, with its own lunr languages.

mkdocs-static-i18n merges both languages into one index (and drops English
entries whose text equals the Chinese one), so a reader of either language got
results in both. docs_tools/render/search_index.py writes /search/search_index.json with the
Chinese pages (jieba-segmented, words joined by \\u200b, lunr languages zh and
en) and /en/search/search_index.json with the English pages (lunr language
en), and points the English pages' search at it. tests/browser searches both.
"""

from __future__ import annotations

import json
import re

import pytest

from docs_tools.notebooks import chapter_notebooks
from docs_tools.pages import LANGUAGES, language_root, pages


def index(site, language):
    folder = site / language_root(language)
    return json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_indexes_its_own_pages(built_site, language):
    data = index(built_site, language)
    assert data["config"]["lang"][0] == language, data["config"]["lang"]
    assert "stemmer" not in data["config"]["pipeline"], "stemmed terms break Material's search-as-you-type"
    assert "\\u200b" in data["config"]["separator"], "jieba's word breaks must separate words"
    locations = {doc["location"].split("#")[0] for doc in data["docs"]}
    expected = {("" if name == "index.md" else name.removesuffix(".md") + "/") for name in pages(language)}
    assert locations == expected, f"{language} index: {sorted(locations ^ expected)} differ"
    assert not any(location.startswith(f"{chapter_notebooks.FOLDER}/") for location in locations), "notebooks repeat their page"


def test_chinese_text_is_segmented_into_words(built_site):
    text = " ".join(doc["text"] for doc in index(built_site, "zh")["docs"])
    assert re.search(r"[\u4e00-\u9fff]\u200b[\u4e00-\u9fff]", text), "no jieba word breaks in the Chinese index"


def test_english_pages_search_the_english_index(built_site):
    html = (built_site / "en" / "03-tensors" / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
    assert config["base"] == "..", f"en/03-tensors/ searches from base {config['base']!r}, not /en/"
