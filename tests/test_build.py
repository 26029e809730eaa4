"""The strict build of both languages, and what it must contain."""

from __future__ import annotations

import re

import pytest

from docs_tools.pages import LANGUAGES, language_root, pages


def html_path(site, language, name):
    base = site / language_root(language)
    stem = name.removesuffix(".md")
    return base / "index.html" if stem == "index" else base / stem / "index.html"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_built(built_site, language):
    missing = [name for name in pages(language) if not html_path(built_site, language, name).exists()]
    assert not missing, f"pages not in the {language} build: {missing}"


@pytest.mark.parametrize("name", sorted(pages("zh")))
def test_language_switch_lands_on_the_same_page(built_site, name):
    """Each language's page links to the other language's version of the same page."""
    for language in LANGUAGES:
        html = html_path(built_site, language, name).read_text(encoding="utf-8")
        switch = dict(re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)"', html))
        targets = {lang: href for href, lang in switch.items()}
        assert set(targets) == set(LANGUAGES), f"{language}/{name}: language switch lists {targets}"
        page = html_path(built_site, language, name)
        for other, href in targets.items():
            # The home page's switch may be site-absolute ("/"); others are relative.
            landed = (built_site / href.lstrip("/") if href.startswith("/") else page.parent / href).resolve()
            landed = landed / "index.html" if landed.is_dir() else landed
            assert landed == html_path(built_site, other, name).resolve(), (
                f"{language}/{name}: switch to {other} goes to {href}"
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_chinese_headings_keep_their_anchors(built_site, language):
    html = html_path(built_site, language, "03-tensors.md").read_text(encoding="utf-8")
    ids = re.findall(r'<h[23] id="([^"]*)"', html)
    assert ids and all(ids), "headings without anchors"
    if language == "zh":
        assert any(re.search(r"[\u4e00-\u9fff]", i) for i in ids), f"no Unicode anchor among {ids}"
