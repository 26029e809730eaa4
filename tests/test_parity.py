"""Both languages have the same pages, showing the same snippets and figures in the same order."""

from __future__ import annotations

import pytest

from docs_tools.pages import images, includes, missing_translations, pages


def test_every_page_exists_in_both_languages():
    assert not missing_translations(), "\n".join(missing_translations())


@pytest.mark.parametrize("name", sorted(pages("zh")))
def test_same_snippets_in_the_same_order(name):
    zh, en = pages("zh")[name], pages("en").get(name)
    assert en is not None, f"docs/en/{name} is missing"
    assert includes(zh) == includes(en), f"docs/zh/{name} and docs/en/{name} include different snippets"


@pytest.mark.parametrize("name", sorted(pages("zh")))
def test_same_figures_in_the_same_order(name):
    zh, en = pages("zh")[name], pages("en").get(name)
    assert en is not None, f"docs/en/{name} is missing"
    assert images(zh) == images(en), f"docs/zh/{name} and docs/en/{name} show different images"
