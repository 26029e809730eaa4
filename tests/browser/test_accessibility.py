"""Accessibility of every page, in Chromium, with axe-core.

axe-core comes from the npm registry (package.json; `make install` runs
`npm ci`) and is injected from node_modules, so nothing is fetched from
another host. Every page of both languages, the chapter notebooks and the 404
page: no axe violation of impact "serious" or "critical"; the page's language
is declared (Chinese pages zh-Hans, English pages not Chinese); every figure
has a text alternative; every formula is MathML (read by screen readers). The dark scheme
("slate") is audited for contrast on one page of each kind.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest

from actions import notebook_url, open_page, page_url
from docs_tools.notebooks import chapter_notebooks
from docs_tools.pages import LANGUAGES, ROOT, pages

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SEVERE = ("serious", "critical")
HTML_LANG = {"zh": ("zh-Hans", "zh-CN"), "en": ("en",)}



# (url inside the site, its language) for every page; "404.html" is the 404 page.
PAGES = (
    [(page_url(lang, name), lang) for lang in LANGUAGES for name in pages(lang)]
    + [(notebook_url(lang, name), lang) for lang in LANGUAGES for name in chapter_notebooks.chapters(lang)]
    + [("404.html", None)]
)
CHAPTER = re.compile(r"(?:[a-z]{2}/)?\d\d-")
# The dark scheme, for contrast: every page that is not a chapter (home,
# glossary, errata, ...) in the first language, the 404 page, and a chapter
# and a notebook in each language (code, formulas, figures, admonitions, outputs).
SLATE = [(url, lang) for url, lang in PAGES if lang == LANGUAGES[0] and not CHAPTER.match(url) and "/" + chapter_notebooks.FOLDER not in "/" + url]
SLATE += [("404.html", None)]
SLATE += [
    (url(lang, name), lang)
    for lang, url, name in [
        (LANGUAGES[0], page_url, "04-gradients.md"),
        (LANGUAGES[1], page_url, "08-cnn.md"),
        (LANGUAGES[0], notebook_url, "07-overfitting.md"),
        (LANGUAGES[1], notebook_url, "03-tensors.md"),
    ]
    if name in pages(lang)
]

NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"
RUN_AXE = """async options => (await axe.run(document, options)).violations
  .filter(violation => ["serious", "critical"].includes(violation.impact))
  .map(violation => `${violation.id} (${violation.impact}): ${violation.help}; ${violation.nodes.length} element(s), e.g.\\n` +
       violation.nodes.slice(0, 4).map(node => `    ${node.target.join(" ")}: ${node.failureSummary.replace(/\\s+/g, " ")}`).join("\\n"))"""
FIGURES = """() => [...document.querySelectorAll("article img")].map(img => ({
  src: img.getAttribute("src") || "", alt: (img.getAttribute("alt") || "").trim(),
}))"""
# Every formula is MathML, which screen readers read: none left as TeX in
# arithmatex's wrapper, none drawn as HTML (KaTeX's) beside or instead of it.
FORMULAS = """() => ({
  unrendered: [...document.querySelectorAll(".arithmatex")].filter(wrapper => !wrapper.querySelector("math")).length,
  html_drawn: document.querySelectorAll(".katex-html, .katex:not(:has(> math))").length,
})"""


def axe(page, options=None) -> list[str]:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `make install` (it runs `npm ci`)", pytrace=False)
    page.add_style_tag(content=NO_TRANSITIONS)  # colours are measured as they end up, not mid-fade
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, {"resultTypes": ["violations"], **(options or {})})


@pytest.mark.parametrize(("url", "language"), PAGES, ids=[url or "/" for url, _ in PAGES])
def test_page_is_accessible(reused_page, site_url, url, language):
    """axe finds nothing serious; the language is declared; figures have text; formulas keep MathML."""
    page = reused_page
    open_page(page, site_url + url)
    where = f"/{url}"

    lang = page.evaluate("document.documentElement.lang")
    if language is not None:
        assert lang in HTML_LANG[language], f"{where}: <html lang={lang!r}>, expected one of {HTML_LANG[language]}"
    assert lang, f"{where}: <html> declares no language"

    missing = []
    for figure in page.evaluate(FIGURES):
        name = PurePosixPath(figure["src"].split("#")[0].split("?")[0]).name
        alt = figure["alt"]
        if not alt or alt == name or alt == PurePosixPath(name).stem or re.search(r"\.(svg|png|jpe?g|gif|webp)$", alt, re.I):
            missing.append(f"{figure['src']} (alt={alt!r})")
    assert not missing, f"{where}: figures without a text alternative: {missing}"

    formulas = page.evaluate(FORMULAS)
    assert formulas == {"unrendered": 0, "html_drawn": 0}, f"{where}: formulas that are not MathML: {formulas}"

    violations = axe(page)
    assert not violations, f"{where}: axe-core found:\n" + "\n".join(violations)


@pytest.mark.parametrize(("url", "language"), SLATE, ids=[url or "/" for url, _ in SLATE])
def test_dark_scheme_contrast(page, site_url, url, language):
    """The dark scheme, switched on as a reader does (the palette toggle), has enough contrast."""
    open_page(page, site_url + url)
    page.add_style_tag(content=NO_TRANSITIONS)
    page.evaluate("document.querySelector('input[data-md-color-scheme=\"slate\"]').click()")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", f"/{url}: the dark scheme did not switch on"
    violations = axe(page, {"runOnly": ["color-contrast", "link-in-text-block"]})
    assert not violations, f"/{url} (dark scheme): axe-core found:\n" + "\n".join(violations)
