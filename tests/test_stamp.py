"""Every page says which torch and torchvision its examples were verified with, read from the environment.

The stamp (docs_tools/render/page_additions.py) and the home pages' "versions" section
(placeholders filled by the hook) come from importlib.metadata in the
environment that builds the site, the one `make test` runs the examples in;
no version number is typed by hand.
"""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest

from docs_tools.notebooks import chapter_notebooks
from docs_tools.pages import LANGUAGES, language_root, pages

VERSIONS = {name: version(name) for name in ("torch", "torchvision")}



def built_pages(site):
    for language in LANGUAGES:
        for name in pages(language):
            stem = name.removesuffix(".md")
            yield site / language_root(language) / ("" if stem == "index" else stem) / "index.html"
        for name in chapter_notebooks.chapters(language):
            yield site / language_root(language) / chapter_notebooks.FOLDER / name.removesuffix(".md") / "index.html"


def test_every_page_has_the_stamp_of_this_environment(built_site):
    missing = []
    for page in built_pages(built_site):
        stamp = re.search(r'<p class="verified-stamp"[^>]*>(.*?)</p>', page.read_text(encoding="utf-8"), re.S)
        if stamp is None or not all(f"{name} {number}" in stamp[1] for name, number in VERSIONS.items()):
            missing.append(f"{page.relative_to(built_site)}: {stamp[1] if stamp else 'no stamp'}")
    assert not missing, "pages without the environment's versions:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_versions_are_filled_in_not_typed(built_site, language):
    source = pages(language)["index.md"].read_text(encoding="utf-8")
    typed = re.findall(r"(?:torch|torchvision|Python)\s+\d+\.\d+(?:\.\d+)?", source)
    assert not typed, f"docs/{language}/index.md types version numbers by hand: {typed}"
    assert "{{ torch_version }}" in source and "{{ torchvision_version }}" in source
    html = (built_site / language_root(language) / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.S)[0]
    assert "{{" not in article, "a placeholder was left unfilled"
    for name, number in VERSIONS.items():
        assert f"{name} {number}" in article, f"the {language} home page does not name {name} {number}"
