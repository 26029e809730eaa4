"""The site built for, and served under, a sub-path (as GitHub Pages serves a project site).

The build gets SITE_URL=http://127.0.0.1:PORT/pytorch-basics/ and the server
answers only under /pytorch-basics/ (tests/browser/conftest.py), so a link,
stylesheet, script, font, image or search result that assumes the site sits at
the host's root fails here. One page of each kind, in both languages: home
pages, a chapter with formulas and figures, chapter notebooks, the 404 page;
then search, the notebook downloads, the sitemap and the canonical links.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ElementTree

import pytest

from docs_tools.chromium import LOAD_IMAGES
from docs_tools.pages import LANGUAGES, language_root, pages
from docs_tools.render import formulas

pytestmark = pytest.mark.browser

# (url inside the site, the same page in the other language, whether it shows formulas)
PAGES = [
    ("", "en/", False),
    ("en/", "", False),
    ("04-gradients/", "en/04-gradients/", True),
    ("en/04-gradients/", "04-gradients/", True),
    ("notebooks/04-gradients/", "en/notebooks/04-gradients/", True),
    ("en/notebooks/02-regression/", "notebooks/02-regression/", True),
]
MATH_FONT_LOADED = """async family => {
  await document.fonts.ready;
  return [...document.fonts].filter(font => font.family.replace(/"/g, "") === family && font.status === "loaded").length;
}"""


DOCUMENT_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def clean(page, where, missing_document=None):
    """No request to another host, no failed request, no console error (but the 404 of `missing_document`)."""
    traffic = page.traffic
    failed, errors = list(traffic.failed), list(traffic.console_errors)
    if missing_document is not None:
        failed.remove(f"{missing_document} (HTTP 404)")
        errors.remove(DOCUMENT_404)  # Chromium's console line for that document's status
    assert not traffic.off_host, f"{where} requested other hosts: {traffic.off_host}"
    assert not failed, f"{where}: failed requests: {failed}"
    assert not errors, f"{where}: console errors: {errors}"


@pytest.mark.parametrize(("url", "other", "has_formulas"), PAGES, ids=[url or "/" for url, *_ in PAGES])
def test_page_under_the_sub_path(reused_page, subpath_site, url, other, has_formulas):
    """Loads cleanly under the sub-path: images, stylesheets, the math font; the language switch stays under it."""
    page = reused_page
    page.traffic.clear()
    response = page.goto(subpath_site.url + url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else 'no response'}"
    broken = page.evaluate(LOAD_IMAGES)
    assert not broken, f"{url}: images that did not load: {broken}"
    if has_formulas:
        assert page.locator("article math").count(), f"{url}: no formula on the page"
        assert page.evaluate(MATH_FONT_LOADED, formulas.FONT_FAMILY), f"{url}: the math font did not load"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", (
        f"{url}: Material's stylesheet did not apply"
    )
    clean(page, url)

    page.locator(".md-header__option .md-select").hover()
    with page.expect_navigation(wait_until="commit"):
        page.locator(".md-select__link:not([hreflang='{}'])".format("en" if url.startswith("en/") else "zh")).click()
    assert page.url == subpath_site.url + other, f"the language switch on {url or '/'} went to {page.url}"


def test_404_page_under_the_sub_path(page, subpath_site):
    missing = subpath_site.url + "no/such/page/"
    response = page.goto(missing, wait_until="load")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    clean(page, "the 404 page", missing_document=missing)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    links = page.eval_on_selector_all(".md-select__link", "links => links.map(a => a.href)")
    assert links == [subpath_site.url + language_root(language) for language in LANGUAGES]
    # The server answers under the sub-path only: nothing else can have passed by luck.
    origin = re.match(r"https?://[^/]+", subpath_site.url)[0]
    assert page.request.get(origin + "/404.html").status == 404
    assert page.request.get(origin + "/" + formulas.STYLESHEET).status == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_under_the_sub_path(page, subpath_site, language):
    """A search result leads to a page under the sub-path, which loads."""
    home = subpath_site.url + language_root(language)
    page.goto(home, wait_until="load")
    query = {"zh": "张量", "en": "tensor"}.get(language, "torch")
    box = page.locator("input.md-search__input")
    box.click()  # opens search, as a reader does
    box.type(query)
    box.press("End")  # Material searches on keyup; typed CJK text arrives without one
    first = page.locator(".md-search-result__item > a").first
    first.wait_for()
    href = first.get_attribute("href")
    target = page.evaluate("href => new URL(href, location.href).href", href)
    assert target.startswith(home), f"search result {target} is outside {home}"
    with page.expect_navigation(wait_until="load"):
        first.click()
    assert page.url.startswith(home), page.url
    clean(page, f"search ({language}) -> {page.url}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebook_downloads_under_the_sub_path(page, subpath_site, language):
    """The chapter page's and the notebook page's download links give the chapter's notebook."""
    root = subpath_site.url + language_root(language)
    chapter = next(name for name in pages(language) if re.match(r"\d\d-", name)).removesuffix(".md")
    for url in (f"{root}{chapter}/", f"{root}notebooks/{chapter}/"):
        page.goto(url, wait_until="load")
        link = page.locator(".notebook-links a[download]").first
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == f"{chapter}.ipynb", download.value.suggested_filename
        notebook = json.loads(download.value.path().read_text(encoding="utf-8"))
        assert notebook["nbformat"] == 4 and notebook["cells"], f"{url}: the download is not a notebook"
        clean(page, url)


def test_sitemap_and_canonical_links_follow_site_url(subpath_site):
    """SITE_URL sets site_url: the sitemap's addresses and every page's canonical link are under it."""
    site, url = subpath_site.folder, subpath_site.url
    sitemap = (site / "sitemap.xml").read_bytes()
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == sitemap
    tree = ElementTree.fromstring(sitemap)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locations = [loc.text for loc in tree.iterfind("s:url/s:loc", ns)]
    alternates = [link.get("href") for link in tree.iterfind("s:url/x:link", ns)]
    assert locations and all(loc.startswith(url) for loc in locations), [l for l in locations if not l.startswith(url)]
    assert all(href.startswith(url) for href in alternates), [h for h in alternates if not h.startswith(url)]
    expected = {
        url + language_root(language) + ("" if name == "index.md" else name.removesuffix(".md") + "/")
        for language in LANGUAGES
        for name in pages(language)
    }
    assert expected <= set(locations), f"pages missing from the sitemap: {sorted(expected - set(locations))}"

    wrong = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        want = url + ("" if relative == "." else relative + "/")
        canonical = re.search(r'<link rel="canonical" href="([^"]*)"', index.read_text(encoding="utf-8"))
        if canonical is None or canonical[1] != want:
            wrong.append(f"{relative}: {canonical[1] if canonical else 'none'} (want {want})")
    assert not wrong, f"canonical links not under SITE_URL: {wrong}"
