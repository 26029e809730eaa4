"""Everything a reader does, done from the keyboard alone (Tab, Enter, typing).

Search, the copy button of a code block, the language switch and collapsed
blocks (<details>), in both languages. Pages are opened by address; after
that only page.keyboard is used.
"""

from __future__ import annotations

import re

import pytest

from actions import assert_clean, open_page
from docs_tools.pages import LANGUAGES, includes, language_root, pages

pytestmark = pytest.mark.browser

OTHER = {LANGUAGES[0]: LANGUAGES[1], LANGUAGES[1]: LANGUAGES[0]}
QUERY = {"zh": "张量", "en": "tensor"}



def chapter_with_code_and_details(language: str) -> str:
    """The first chapter page showing a doctest block and a collapsed block."""
    for name, source in pages(language).items():
        text = source.read_text(encoding="utf-8")
        if re.match(r"\d\d-", name) and any(t.endswith(".pycon") for t in includes(source)) and re.search(r"^\?\?\?", text, re.M):
            return name.removesuffix(".md") + "/"
    pytest.fail(f"no {language} chapter with a doctest block and a collapsed block")


def tab_to(page, selector: str, where: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => !!document.activeElement && document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"{where}: {limit} presses of Tab never reached {selector}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_from_the_keyboard(page, site_url, language):
    """Tab to the search box, type a word, Enter: the best result opens."""
    home = site_url + language_root(language)
    open_page(page, home)
    tab_to(page, "input.md-search__input", home)
    page.keyboard.type(QUERY[language])
    page.keyboard.press("End")  # Material searches on keyup; typed CJK text arrives without one
    page.wait_for_selector(".md-search-result__item > a")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.url.startswith(home) and page.url.split("#")[0].split("?")[0] != home, f"Enter went to {page.url}"
    if language != LANGUAGES[0]:
        assert page.url.startswith(site_url + language_root(language)), page.url
    assert_clean(page, f"search ({language}) -> {page.url}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_copy_button_from_the_keyboard(page, site_url, language):
    """Tab to a code block's copy button, Enter: its code is on the clipboard."""
    url = site_url + language_root(language) + chapter_with_code_and_details(language)
    open_page(page, url)
    page.evaluate("navigator.clipboard.writeText('')")
    button = 'div.language-pycon button.md-code__button[data-md-type="copy"]'
    tab_to(page, button, url)
    expected = page.evaluate(
        """() => {
          const code = document.activeElement.closest("div.language-pycon").querySelector("pre > code");
          code.setAttribute("data-md-copying", "");
          const text = code.innerText;
          code.removeAttribute("data-md-copying");
          return text;
        }"""
    )
    page.keyboard.press("Enter")
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    lines = [line.rstrip() for line in copied.splitlines() if line.strip()]
    assert lines == [line.rstrip() for line in expected.splitlines() if line.strip()], copied
    assert not any(line.startswith((">>> ", "... ")) for line in lines), f"prompts in the copy:\n{copied}"
    assert_clean(page, url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switch_from_the_keyboard(page, site_url, language):
    """Tab to the language menu, on to the other language, Enter: the same page in the other language."""
    chapter = chapter_with_code_and_details(language)
    url = site_url + language_root(language) + chapter
    open_page(page, url)
    tab_to(page, ".md-header__option .md-select button", url)
    tab_to(page, f'.md-select__link[hreflang="{OTHER[language]}"]', url, limit=5)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.url == site_url + language_root(OTHER[language]) + chapter, page.url
    assert_clean(page, url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_collapsed_blocks_from_the_keyboard(page, site_url, language):
    """Tab to a collapsed block's summary; Enter opens it, Enter closes it again."""
    url = site_url + language_root(language) + chapter_with_code_and_details(language)
    open_page(page, url)
    tab_to(page, "details:not([open]) > summary", url)
    is_open = "() => document.activeElement.parentElement.open"
    page.keyboard.press("Enter")
    assert page.evaluate(is_open), f"{url}: Enter did not open the collapsed block"
    shown = page.evaluate(
        "() => [...document.activeElement.parentElement.children].slice(1).some(e => e.checkVisibility())"
    )
    assert shown, f"{url}: the opened block shows nothing"
    page.keyboard.press("Enter")
    assert not page.evaluate(is_open), f"{url}: Enter did not close the block again"
    assert_clean(page, url)
