"""The reader's view of the built site, in Chromium.

Every page (both languages, the chapter notebooks, the 404 page) loads with no
console error, no failed or off-host request, every image loaded and no raw TeX
on screen; its language switch lands on the same page in the other language.
Search finds each chapter from a word of its title in both languages, and only
pages of the language being read. The copy button of every doctest block gives
code that compiles, without prompts or output lines.
"""

from __future__ import annotations

import doctest
import logging
import re

import pytest

from actions import assert_clean, notebook_url, open_page, page_url, type_search
from docs_tools.chromium import LOAD_IMAGES
from docs_tools.content import errata
from docs_tools.notebooks import chapter_notebooks
from docs_tools.pages import LANGUAGES, ROOT, language_root, pages
from docs_tools.reader.reader_code import copied_code, for_reader

pytestmark = pytest.mark.browser

OTHER = {LANGUAGES[0]: LANGUAGES[1], LANGUAGES[1]: LANGUAGES[0]}



def pycon_snippets(source, language: str) -> list:
    """The doctest files whose blocks the built page shows, in order."""
    return [ROOT / target for target in errata.shown_includes(source, language) if target.endswith(".pycon")]


# (url, its language, the same page's url in the other language, the doctest
# files its blocks show), for every page of the site.
PAGES = [
    (page_url(language, name), language, page_url(OTHER[language], name), pycon_snippets(source, language))
    for language in LANGUAGES
    for name, source in pages(language).items()
] + [
    (notebook_url(language, name), language, notebook_url(OTHER[language], name), [])
    for language in LANGUAGES
    for name in chapter_notebooks.chapters(language)
]

# Visible text outside code (formulas are MathML, whose text is what it shows).
VISIBLE_TEXT = """() => {
  const skip = "pre, code, script, style, noscript, annotation";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest(skip) || !element.checkVisibility({visibilityProperty: true})) continue;
    parts.push(walker.currentNode.textContent);
  }
  return parts.join(" ");
}"""
# Symbols that need an emoji font (a box where none is installed, as on Debian with Noto CJK)
# and that screen readers read oddly (⏭ "next track"): media controls, dingbats, emoji.
EMOJI_FONT_ONLY = re.compile("[\u23e9-\u23fa\u2600-\u27bf\U0001f000-\U0001faff]")
RAW_TEX = re.compile(r"\\[a-zA-Z]{2,}|\\[()\[\]]|\$\$|\$[^$\s][^$\n]{0,80}\$")

def expected_copy(snippet, language: str) -> list[str]:
    """The code lines of a doctest file as the page in `language` shows it, prompts removed."""
    shown = for_reader(snippet.read_text(encoding="utf-8"), language)
    return [line for line in copied_code(shown).splitlines() if line.strip()]


# Material's copy text: the innerText of the block's <code> while it carries
# [data-md-copying] (docs/assets/stylesheets/doctest.css hides prompts and
# output lines then). Blocks in closed <details> or unselected tabs are shown
# first, as a reader would before clicking.
COPY_TEXTS = """() => [...document.querySelectorAll("div.language-pycon pre > code")].map(code => {
  for (let details = code.closest("details"); details; details = details.parentElement.closest("details")) details.open = true;
  const tab = code.closest(".tabbed-block");
  if (tab) {
    const index = [...tab.parentElement.children].indexOf(tab);
    tab.closest(".tabbed-set").querySelectorAll(":scope > input")[index].checked = true;
  }
  code.setAttribute("data-md-copying", "");
  const text = code.innerText;
  code.removeAttribute("data-md-copying");
  return text;
})"""


def check_copy(code: str, snippet, language: str, where: str) -> None:
    lines = [line.rstrip() for line in code.splitlines() if line.strip()]
    assert lines == expected_copy(snippet, language), f"{where}: the copy is not the snippet's code:\n{code}"
    # Every statement of it compiles, except those an erratum shows failing
    # with a SyntaxError (as they would in Python).
    for example in doctest.DocTestParser().get_examples(for_reader(snippet.read_text(encoding="utf-8"), language)):
        if "SyntaxError" in (example.exc_msg or ""):
            continue
        try:
            compile(example.source, where, "single")
        except SyntaxError as error:
            pytest.fail(f"{where}: copied code does not compile ({error}):\n{example.source}")


@pytest.mark.parametrize(("url", "language", "other", "snippets"), PAGES, ids=[url or "/" for url, *_ in PAGES])
def test_page_in_the_browser(reused_page, site_url, url, language, other, snippets):
    """Loads cleanly; images load; no raw TeX; copy texts are the code; the language switch lands on `other`."""
    page = reused_page
    page.traffic.clear()
    open_page(page, site_url + url)
    broken = page.evaluate(LOAD_IMAGES)
    assert not broken, f"{url}: images that did not load: {broken}"
    visible = page.evaluate(VISIBLE_TEXT)
    raw = RAW_TEX.findall(visible)
    assert not raw, f"{url}: raw TeX on the page: {raw[:10]}"
    symbols = EMOJI_FONT_ONLY.findall(visible)
    assert not symbols, f"{url}: symbols that need an emoji font: {symbols[:10]}"
    assert_clean(page, url)

    texts = page.evaluate(COPY_TEXTS)
    assert len(texts) == len(snippets), f"{url}: {len(texts)} doctest blocks for {len(snippets)} snippets"
    for number, (text, snippet) in enumerate(zip(texts, snippets)):
        check_copy(text, snippet, language, f"/{url} block {number} ({snippet.relative_to(ROOT)})")

    page.locator(".md-header__option .md-select").hover()
    with page.expect_navigation(wait_until="commit"):
        page.locator(f'.md-select__link[hreflang="{OTHER[language]}"]').click()
    assert page.url == site_url + other, f"the language switch on /{url} went to {page.url}, not {site_url + other}"


def test_404_page(page, site_url):
    response = page.goto(site_url + "no/such/page/")
    assert response.status == 404
    page.traffic.clear()
    page.goto(site_url + "404.html")
    page.wait_for_load_state("networkidle")
    assert_clean(page, "404.html")
    links = page.eval_on_selector_all(".md-select__link", "links => links.map(a => a.href)")
    assert links == [site_url + language_root(language) for language in LANGUAGES], links


# --------------------------------------------------------------------------- search


def title_word(language: str, page) -> str:
    """A word of a chapter's title as a reader would type it (a jieba word in Chinese)."""
    title = next((line[2:].strip() for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("# ")), page.stem)
    title = re.sub(r"`([^`]*)`", r"\1", title)
    if language == "zh":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        words = [w for w in jieba.cut(title) if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w)]
        if words:
            return max(words, key=len)
    words = re.findall(r"[A-Za-z]{3,}", title)
    return max(words, key=len) if words else title


def search(page, query):
    """Type a query into Material's search box; returns the result links (no query string)."""
    type_search(page, query)
    links = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    return [re.sub(r"[?#].*$", "", link) for link in links]


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_each_chapter_in_its_language(page, site_url, language):
    open_page(page, site_url + language_root(language))
    page.wait_for_load_state("networkidle")
    missed = []
    for name, source in chapter_notebooks.chapters(language).items():
        word = title_word(language, source)
        found = search(page, word)
        wrong_language = [link for link in found if (link.startswith(site_url + "en/")) != (language == "en")]
        assert not wrong_language, f"searching {word!r} on the {language} site found other-language pages: {wrong_language}"
        if site_url + page_url(language, name) not in found:
            missed.append(f"{word!r} -> {found}")
    assert not missed, f"{language} search did not find the chapter titled with: {missed}"
    assert_clean(page, f"search ({language})")


# --------------------------------------------------------------------------- copy button


@pytest.mark.parametrize("language", LANGUAGES)
def test_copy_button_puts_the_code_on_the_clipboard(page, site_url, language):
    """Clicking the button of a doctest block copies its code (test_page_in_the_browser checks every block's copy text)."""
    name, source = next(((n, s) for n, s in pages(language).items() if pycon_snippets(s, language)), (None, None))
    assert name is not None, f"no doctest block on the {language} site"
    url = site_url + page_url(language, name)
    open_page(page, url)
    block = page.locator("div.language-pycon").first
    block.scroll_into_view_if_needed()
    block.hover()
    page.evaluate("navigator.clipboard.writeText('')")
    block.locator('button.md-code__button[data-md-type="copy"]').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    check_copy(page.evaluate("navigator.clipboard.readText()"), pycon_snippets(source, language)[0], language, f"{url} block 0 (copy button)")
    assert_clean(page, url)
