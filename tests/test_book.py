"""The PDF books (docs_tools/book): one per language, made from the built site.

The fast tests check the assembled HTML. The slow ones print both books with
Chromium (about a minute) and read the PDFs back with poppler's tools
(pdftotext, pdffonts, pdfinfo, pdftohtml) and qpdf: chapter headings in order,
an outline entry per chapter, a table of contents whose page numbers are the
pages the headings are on, every figure of the site, every exercise's solution
in the appendix (and a page reference under the exercise), embedded fonts,
no text outside the printable area, Chinese text in a Chinese font.
What the book should contain is read from the built site itself, not from
the book's code.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from docs_tools.book import pdf_path
from docs_tools.book.assemble import ROOTS, TEXT, assemble
from docs_tools.chromium import ARGS, CHROMIUM

LANGUAGES = ("zh", "en")
A4 = (595.0, 842.0)  # points, rounded
MARGIN_X = 18 / 25.4 * 72  # book.css: @page margin, left and right (18 mm)
TOOLS = ("pdftotext", "pdffonts", "pdfinfo", "pdftohtml", "qpdf")
SOLUTION_REF = {"zh": r"参考答案见第\s*(\d+)\s*页", "en": r"Solution on page\s+(\d+)"}


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def heading_text(tag) -> str:
    tag = BeautifulSoup(str(tag), "html.parser")
    for link in tag.select("a.headerlink"):
        link.decompose()
    return " ".join(tag.get_text(" ", strip=True).split())


# --------------------------------------------------------------------------- the site's side


def nav_keys(site: Path, language: str) -> list[str]:
    home = BeautifulSoup((site / ROOTS[language] / "index.html").read_text(encoding="utf-8"), "html.parser")
    keys = []
    for link in home.select("nav.md-nav--primary a.md-nav__link[href]"):
        key = link["href"].removeprefix("./")
        if "#" not in key and key not in keys:
            keys.append(key)
    return keys


@functools.lru_cache(maxsize=None)
def article(site: Path, language: str, key: str):
    """The page's <article> (parsed once: treat it as read-only)."""
    page = site / ROOTS[language] / key / "index.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")


def chapters(site: Path, language: str) -> list[str]:
    return [key for key in nav_keys(site, language) if re.match(r"\d{2}-", key)]


def book_parts(site: Path, language: str) -> list[tuple[str, str]]:
    """(key, h1 text) of the pages the book holds, in order: the chapters, the glossary, the errata."""
    keys = chapters(site, language) + ["glossary/", "errata/"]
    return [(key, heading_text(article(site, language, key).find("h1"))) for key in keys]


def site_figures(site: Path, language: str) -> list[tuple[str, str, str]]:
    """(page, image path, alt text) of every figure of the book's pages."""
    found = []
    for key, _ in book_parts(site, language):
        for image in article(site, language, key).find_all("img"):
            if "assets/figures/" in image.get("src", ""):
                found.append((key, image["src"].split("assets/figures/")[1], image.get("alt", "")))
    return found


def site_solutions(site: Path, language: str) -> list[tuple[str, str, str]]:
    """(chapter, exercise heading, a sample of the solution's text) of every solution box."""
    found = []
    for key in chapters(site, language):
        for box in article(site, language, key).find_all("details", class_="success"):
            exercise = heading_text(box.find_previous(["h2", "h3", "h4"]))
            body = BeautifulSoup(str(box), "html.parser")
            for drop in body.select("math, summary"):
                drop.decompose()
            strings = sorted((s.strip() for s in body.find_all(string=True)), key=len, reverse=True)
            sample = norm(strings[0])[:40] if strings else ""
            found.append((key, exercise, sample))
    return found


# --------------------------------------------------------------------------- the PDF's side


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def page_texts(pdf: Path) -> list[str]:
    """Each page's text in the order it was drawn (-raw: no columns guessed, no words joined across hyphens)."""
    return run("pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-").split("\f")[:-1]


def body_text(pages: list[str], language: str) -> str:
    """The pages' text without the running header and the page number (the margin boxes, drawn last)."""
    title = TEXT[language]["title"] + " "
    return "\n".join(
        line
        for number, page in enumerate(pages, start=1)
        for line in page.splitlines()
        if not line.startswith(title) and line.strip() != str(number)
    )


def layout_texts(pdf: Path, first: int, last: int) -> list[str]:
    return run("pdftotext", "-layout", "-enc", "UTF-8", "-f", str(first), "-l", str(last), str(pdf), "-").split("\f")[:-1]


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page) of every bookmark, in order."""
    xml = run("pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf))
    start = xml.find("<outline>")
    assert start != -1, f"{pdf.name} has no outline"
    end = xml.rfind("</outline>") + len("</outline>")
    found = []

    def walk(node, depth):
        for child in node:
            if child.tag == "item":
                found.append((depth, " ".join("".join(child.itertext()).split()), int(child.get("page"))))
            elif child.tag == "outline":
                walk(child, depth + 1)

    walk(ET.fromstring(xml[start:end]), 0)
    return found


def words_outside(pdf: Path, left: float, right: float) -> list[str]:
    """Words (with their page) whose box leaves [left, page width - right] or the page."""
    xhtml = run("pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-")
    outside = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", xhtml, re.S), start=1):
        width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', page
        ):
            x0, y0, x1, y1 = float(x0), float(y0), float(x1), float(y1)
            if x0 < left - 1 or x1 > width - right + 1 or y0 < 0 or y1 > height:
                outside.append(f"page {number}: {word!r} at x {x0:.0f}-{x1:.0f}, y {y0:.0f}-{y1:.0f}")
    return outside


def pdf_strings(pdf: Path, tmp_path: Path, key: str) -> list[str]:
    """Every `/key (string)` of the PDF (e.g. /Alt, /URI), decoded; objects unpacked by qpdf first."""
    plain = tmp_path / f"{pdf.stem}-{key}.qdf.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(plain)], check=True, capture_output=True)
    data = plain.read_bytes()
    found = []
    for literal, hexa in re.findall(rb"/" + key.encode() + rb"\s*(?:\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f\s]*)>)", data, re.S):
        if hexa:
            raw = bytes.fromhex(hexa.decode())
            found.append(raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1"))
        else:
            text = re.sub(rb"\\([()\\])", rb"\1", literal)
            found.append(text.decode("latin-1"))
    return found


# --------------------------------------------------------------------------- fast: the assembled HTML


@pytest.fixture(scope="module")
def assembled(built_site):
    """Per language: the Book and its HTML parsed (read-only)."""
    books = {language: assemble(built_site, language)[0] for language in LANGUAGES}
    return {language: (book, BeautifulSoup(book.html, "html.parser")) for language, book in books.items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_book_holds_every_page_in_nav_order(built_site, assembled, language):
    book, soup = assembled[language]
    expected = [key for key, _ in book_parts(built_site, language)]
    assert [page.key for page in book.pages] == expected
    sections = [section["id"] for section in soup.select("section.book-page")]
    assert len(sections) == len(expected), f"{language}: {sections}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_solutions_move_to_the_appendix(built_site, assembled, language):
    _, soup = assembled[language]
    solutions = site_solutions(built_site, language)
    assert solutions, f"{language}: the site has no solution boxes; is the selector out of date?"
    assert not soup.select("section.book-page details.success"), "a solution box stayed under its exercise"
    appendix = soup.select_one("section.book-solutions")
    assert appendix is not None
    assert len(appendix.select(".solution")) == len(solutions)
    refs = soup.select("section.book-page .solution-ref a[href]")
    assert len(refs) == len(solutions), "each exercise says where its solution is"
    for ref in refs:
        assert appendix.find(id=ref["href"][1:]) is not None, f"{ref['href']} is not in the appendix"
    text = norm(appendix.get_text())
    missing = [(key, exercise) for key, exercise, sample in solutions if sample not in text]
    assert not missing, f"solutions missing from the appendix: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_stay_in_the_book(built_site, assembled, language):
    _, soup = assembled[language]
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert not duplicates, f"ids used twice: {duplicates[:10]}"
    ids = set(ids)
    site_url = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser").find("link", rel="canonical")["href"]
    book_pages = {urljoin(site_url, ROOTS[language] + key) for key, _ in book_parts(built_site, language)}
    for link in soup.find_all("a", href=True):
        href = link["href"]
        if href.startswith("#"):
            assert href[1:] in ids, f"in-book link to a missing anchor: {href}"
        else:
            assert re.match(r"https?://", href), f"a relative link left in the book: {href}"
            assert href.split("#")[0] not in book_pages, f"a link to a page the book holds: {href}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_interactive_debris(assembled, language):
    _, soup = assembled[language]
    for selector in ("a.headerlink", ".notebook-links", ".verified-stamp", "input", "button", "script", "details:not([open])"):
        assert not soup.select(selector), f"{language} book still has {selector}"
    assert not [a for a in soup.find_all("a", href=True) if ".ipynb" in a["href"] or "/notebooks/" in a["href"]]


def test_every_page_links_to_its_books_pdf(built_site):
    """The header of every page of each language links to that language's PDF."""
    wrong = []
    pages = [page for page in built_site.rglob("*.html") if page.name != "404.html"]
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        language = "en" if re.search(r'<html lang="en"', html) else "zh"
        link = re.search(r'<a href="([^"]+)" class="md-header__button md-icon book-download"', html)
        target = (page.parent / link[1]).resolve() if link else None
        if target != pdf_path(built_site, language).resolve():
            wrong.append(f"{page.relative_to(built_site)}: {link[1] if link else 'no link'}")
    assert not wrong, f"pages without a link to their language's PDF: {wrong[:10]}"


# --------------------------------------------------------------------------- slow: the PDFs


@pytest.fixture(scope="module")
def books(built_site, tmp_path_factory):
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    assert not missing, f"missing {missing}: apt-get install poppler-utils qpdf (make install-browser)"
    out = tmp_path_factory.mktemp("books")
    # As `make build` writes them; a process of its own, since Playwright's sync API
    # (the browser tests, on the same test worker) keeps an event loop running here.
    made = subprocess.run(
        [sys.executable, "-m", "docs_tools.book", str(built_site), "--out", str(out)], capture_output=True, text=True
    )
    assert made.returncode == 0, f"python -m docs_tools.book failed:\n{made.stdout[-2000:]}\n{made.stderr[-2000:]}"
    return {
        language: {
            "pdf": pdf_path(out, language),
            "pages": page_texts(pdf_path(out, language)),
            "outline": outline(pdf_path(out, language)),
        }
        for language in LANGUAGES
    }


def part_pages(built_site, language, books) -> dict[str, int]:
    """The page where each part of the book starts, from the outline's top level."""
    top = [(norm(title), page) for depth, title, page in books[language]["outline"] if depth == 0]
    found = {}
    names = [(key, h1) for key, h1 in book_parts(built_site, language)] + [("solutions", TEXT[language]["solutions"])]
    for key, title in names:
        matches = [page for entry, page in top if entry.endswith(norm(title))]
        assert matches, f"{language}: no outline entry for {title!r}: {top}"
        found[key] = matches[0]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_metadata(books, language):
    info = run("pdfinfo", str(books[language]["pdf"]))
    assert re.search(rf"^Title:\s+{re.escape(TEXT[language]['title'])}$", info, re.M), info
    assert re.search(r"^Tagged:\s+yes", info, re.M), info
    width, height = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width), round(height)) == A4


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_outline_has_every_chapter_in_order(built_site, books, language):
    starts = part_pages(built_site, language, books)
    order = [key for key, _ in book_parts(built_site, language)]
    order.insert(len(chapters(built_site, language)), "solutions")
    pages = [starts[key] for key in order]
    assert pages == sorted(pages) and len(set(pages)) == len(pages), f"{language}: parts start on pages {pages}"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_chapter_headings_appear_in_order(built_site, books, language):
    """Each chapter's title is printed on the page where its part starts, the parts in nav order."""
    starts = part_pages(built_site, language, books)
    texts = books[language]["pages"]
    for key, title in book_parts(built_site, language):
        assert norm(title) in norm(texts[starts[key] - 1]), f"{language}: {title!r} is not on page {starts[key]}"
    if language == "zh":  # the Chinese headings are there as Chinese text (a missing font would lose them)
        assert re.search(r"[\u4e00-\u9fff]", "".join(title for _, title in book_parts(built_site, language)))


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_contents_page_numbers_are_right(built_site, books, language):
    """Every chapter and section in the table of contents shows the page its heading is on."""
    items = books[language]["outline"]
    contents = next(page for depth, title, page in items if depth == 0 and title == TEXT[language]["contents"])
    first_chapter = part_pages(built_site, language, books)[chapters(built_site, language)[0]]
    lines = []
    for number, page in enumerate(layout_texts(books[language]["pdf"], contents, first_chapter - 1)):
        page_lines = [line.strip() for line in page.splitlines() if line.strip()]
        page_lines = page_lines[1:]  # the running header
        if page_lines and page_lines[-1].isdigit():
            page_lines = page_lines[:-1]  # the page number
        lines += page_lines[1:] if number == 0 else page_lines  # the first page's title
    entries, pending = [], ""
    for line in lines:
        match = re.match(r"^(.*?)\s+(\d+)$", line)
        if match:
            entries.append((norm(pending + match[1]), int(match[2])))
            pending = ""
        else:
            pending += line  # a title on two lines
    chapter_titles = [norm(title) for _, title in book_parts(built_site, language)][: len(chapters(built_site, language))]
    expected, in_chapter = [], False
    for depth, title, page in items:
        if depth == 0:
            in_chapter = any(norm(title).endswith(t) for t in chapter_titles)
            if title != TEXT[language]["contents"]:
                expected.append((norm(title), page))
        elif depth == 1 and in_chapter:
            expected.append((norm(title), page))
    assert [page for _, page in entries] == [page for _, page in expected], (
        f"{language}: contents {entries[:12]}… outline {expected[:12]}…"
    )
    assert len(entries) > 3 * len(chapter_titles)


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_figure_is_in_the_book(built_site, books, language, tmp_path):
    figures = site_figures(built_site, language)
    assert figures, "the site has no figures; is the selector out of date?"
    alts = [" ".join(alt.split()) for alt in pdf_strings(books[language]["pdf"], tmp_path, "Alt")]
    text = norm("".join(books[language]["pages"]))
    for key, figure, alt in figures:
        assert " ".join(alt.split()) in alts, f"{language}: {figure} ({key}) is not a figure of the PDF"
        assert norm(alt) not in text, f"{language}: {figure} shows its alt text: the image did not load"
    drawn_by = re.findall(r"snippets/\d{2}-[\w-]+/fig_\w+\.py", "".join(books[language]["pages"]))
    assert len(drawn_by) >= len(figures), "every figure keeps its caption"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_solution_is_in_the_appendix(built_site, books, language):
    starts = part_pages(built_site, language, books)
    texts = books[language]["pages"]
    first = starts[chapters(built_site, language)[0]]
    appendix = range(starts["solutions"], starts["glossary/"])
    chapter_text = norm("".join(texts[first - 1 : starts["solutions"] - 1]))
    appendix_text = norm("".join(texts[p - 1] for p in appendix))
    solutions = site_solutions(built_site, language)
    pages_text = [norm(article(built_site, language, key).get_text()) for key in chapters(built_site, language)]
    for key, exercise, sample in solutions:
        assert sample in appendix_text, f"{language}: the solution of {exercise!r} ({key}) is not in the appendix"
        if sum(text.count(sample) for text in pages_text) == 1:  # text that only the solution has, in any chapter
            assert sample not in chapter_text, f"{language}: the solution of {exercise!r} is still under its exercise"
    refs = [int(page) for page in re.findall(SOLUTION_REF[language], " ".join(texts[first - 1 : starts["solutions"] - 1]))]
    assert len(refs) == len(solutions), f"{language}: {len(refs)} solution references for {len(solutions)} solutions"
    assert all(page in appendix for page in refs), f"{language}: solution references outside the appendix: {refs}"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_fonts_are_embedded(books, language):
    rows = run("pdffonts", str(books[language]["pdf"])).splitlines()[2:]
    assert rows
    not_embedded = [row for row in rows if row[-17:].split()[0] != "yes"]
    assert not not_embedded, f"{language}: fonts not embedded: {not_embedded}"
    # docs_tools/book/fonts.py gives Chromium TrueType outlines: no Type 3 fonts (drawn glyphs).
    type3 = [row for row in rows if "Type 3" in row]
    assert not type3, f"{language}: {len(type3)} Type 3 fonts, e.g. {type3[:2]}"
    if language == "zh":
        assert any("NotoSansCJK" in row for row in rows), "the Chinese text is not in Noto Sans CJK"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_outside_the_printable_area(books, language):
    outside = words_outside(books[language]["pdf"], MARGIN_X, MARGIN_X)
    assert not outside, f"{language}: {len(outside)} words outside the text area, e.g. {outside[:5]}"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_code_is_not_cut(built_site, books, language):
    """Every line of every code block of the book's pages is in the PDF's text: wrapped, not cut at the margin."""
    lines = []
    for key, _ in book_parts(built_site, language):
        for code in article(built_site, language, key).select("pre > code"):
            lines += code.get_text().splitlines()
    assert len(lines) > 500
    missing = missing_lines(norm(body_text(books[language]["pages"], language)), lines)
    assert not missing, f"{language}: {len(missing)} code lines not in the PDF, e.g. {missing[:3]}"


def missing_lines(text: str, lines: list[str]) -> list[str]:
    """The lines whose text is not in `text` (normalised); a line may be in two pieces, split by a page break."""

    def found(line: str) -> bool:
        if norm(line) in text:
            return True
        line = line.strip()
        pieces = [(norm(line[: m.start()]), norm(line[m.start() :])) for m in re.finditer(r"\s+", line)]
        # The head long enough not to be found by chance elsewhere in the book; the rest
        # of a line wrapped just before a page break may be a few characters ("-> 1000").
        return any(len(a) >= 20 and len(b) >= 3 and a in text and b in text for a, b in pieces)

    return [line for line in lines if not found(line)]


@pytest.mark.slow
def test_the_checks_catch_a_code_line_past_the_margin(tmp_path):
    """The checks above fail on code that runs past the margin, with the overflow shown or hidden."""
    line = "x = torch.ones(2, 3) + " * 8 + "torch.zeros(2, 3)"
    pdfs = {overflow: tmp_path / f"{overflow}.pdf" for overflow in ("visible", "hidden")}
    # Printed in a process of its own: Playwright's sync API cannot run beside the
    # browser tests' event loop on the same test worker.
    script = f"""
from playwright.sync_api import sync_playwright
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path={str(CHROMIUM)!r}, args={ARGS!r})
    page = browser.new_page()
    for overflow, path in {({k: str(v) for k, v in pdfs.items()})!r}.items():
        page.set_content('<style>@page {{ size: A4; margin: 18mm }}</style><pre style="white-space: pre; overflow: ' + overflow + '">' + {line!r} + '</pre>')
        page.pdf(path=path, prefer_css_page_size=True)
    browser.close()
"""
    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert printed.returncode == 0, printed.stderr[-2000:]
    # Chromium clips what runs past the text area, visible or not: the cut is text missing from the PDF.
    for overflow, pdf in pdfs.items():
        assert missing_lines(norm("".join(page_texts(pdf))), [line]), f"a line cut with overflow: {overflow} went unnoticed"
    # And the area check sees words past a bound (here a margin 100 pt wider than the page's).
    assert words_outside(pdfs["visible"], MARGIN_X, MARGIN_X + 100)


@pytest.mark.slow
def test_zh_text_is_chinese(built_site, books):
    """The zh PDF's text holds the zh chapter and section headings as Chinese characters, no replacement marks."""
    text = norm("".join(books["zh"]["pages"]))
    assert "\ufffd" not in text
    for key in chapters(built_site, "zh"):
        for heading in article(built_site, "zh", key).find_all(["h1", "h2"]):
            if heading.find("math") is None:
                assert norm(heading_text(heading)) in text, f"{heading_text(heading)!r} ({key}) is not in the zh PDF"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_links(built_site, books, language, tmp_path):
    """External links stay clickable; none leads to a page that the book holds."""
    uris = pdf_strings(books[language]["pdf"], tmp_path, "URI")
    assert any(uri.startswith("https://docs.pytorch.org/") for uri in uris), f"{language}: no API link"
    site_url = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser").find("link", rel="canonical")["href"]
    inside = {urljoin(site_url, ROOTS[language] + key) for key, _ in book_parts(built_site, language)}
    assert not [uri for uri in uris if uri.split("#")[0] in inside]
    text = "".join(books[language]["pages"])
    assert "¶" not in text and ".ipynb" not in text
