"""Search loads on demand (docs/assets/javascripts/before-material.js).

A page does not fetch its language's search index (250-310 KiB) or start the
search worker until the reader opens search; then both load and search works.
A page opened from a search result (?h=...) loads them at once, for
Material's highlighting of the searched words.
"""

from __future__ import annotations

import pytest

from docs_tools.pages import LANGUAGES, language_root

pytestmark = pytest.mark.browser

QUERY = {"zh": "张量", "en": "tensor"}


def search_requests(requests):
    return [url for url in requests if url.endswith("/search/search_index.json") or "/workers/search." in url]


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_and_worker_load_when_search_opens(page, site_url, language):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    home = site_url + language_root(language)
    page.goto(home, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not search_requests(requests), f"{home} fetched search before it was opened: {search_requests(requests)}"

    box = page.locator("input.md-search__input")
    with page.expect_response(lambda response: response.url == home + "search/search_index.json"):
        box.click()
    box.type(QUERY[language])
    box.press("End")
    page.locator(".md-search-result__item > a").first.wait_for()
    assert any("/workers/search." in url for url in requests), "the search worker did not start"
    assert not page.traffic.failed and not page.traffic.console_errors, (page.traffic.failed, page.traffic.console_errors)


def test_search_result_page_loads_the_index_for_highlighting(page, site_url):
    with page.expect_response(lambda response: response.url.endswith("/search/search_index.json")):
        page.goto(site_url + f"en/03-tensors/?h={QUERY['en']}", wait_until="load")
    page.locator("article mark").first.wait_for()
