"""What the browser tests do to a page, in one place: find its address, open it, check its traffic, search."""

from __future__ import annotations

from docs_tools.notebooks import chapter_notebooks
from docs_tools.pages import language_root


def page_url(language: str, name: str) -> str:
    """The address of the page `name` (NN-topic.md, index.md) inside the site."""
    stem = name.removesuffix(".md")
    return language_root(language) + ("" if stem == "index" else f"{stem}/")


def notebook_url(language: str, name: str) -> str:
    """The address of the notebook page of chapter `name` (NN-topic.md) inside the site."""
    return f"{language_root(language)}{chapter_notebooks.FOLDER}/{name.removesuffix('.md')}/"


def open_page(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else 'no response'}"
    return response


def assert_clean(page, where):
    traffic = page.traffic
    assert not traffic.off_host, f"{where} requested other hosts: {traffic.off_host}"
    assert not traffic.failed, f"{where}: failed requests: {traffic.failed}"
    assert not traffic.console_errors, f"{where}: console errors: {traffic.console_errors}"


def type_search(page, query):
    """Type a query into Material's search box and wait until its results are shown."""
    page.evaluate("document.querySelector('#__search').checked = true")
    box = page.locator("input.md-search__input")
    box.fill("")
    box.type(query)
    box.press("End")  # Material searches on keyup; typed CJK text arrives without one
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta')?.textContent && "
        "document.querySelector('input.md-search__input').value === q && "
        # Not the prompt, and not "initializing" (search loads when opened: its index may still be on the way).
        "!/键入|Type to start|初始化|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query,
    )
    page.wait_for_timeout(150)  # let the result list settle
