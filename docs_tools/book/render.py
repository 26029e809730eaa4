"""The assembled book printed to PDF by Chromium (Debian's, through Playwright).

Chromium lays the document out for A4 and writes a tagged PDF with an outline
(bookmarks) built from the headings. The running header (the book's title,
the chapter's) and the page number come from CSS ``@page`` margin boxes and
named pages (docs_tools/book/book.css and the rules assemble.py writes):
Playwright's header and footer templates cannot show the current chapter.

Page numbers of the table of contents and of the solution references take two
passes. Pass one prints the book with a tiny white marker "QQ<n>QQ" at every
target; ``pdftotext`` (poppler-utils) reads back the page each marker landed
on. The numbers are then written into the page (each in a box of fixed width,
so no line moves), the markers removed, and pass two prints the book.

Chromium writes every object of a tagged PDF uncompressed; ``qpdf`` packs them
into compressed object streams, which takes the books from about 10 MiB to
under 4.

Nothing goes on the network: the book and the site's files (stylesheets,
the math font, the figures) are served to Chromium from the built site through
Playwright's request routing; any other request fails the build.
"""

from __future__ import annotations

import asyncio
import mimetypes
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from docs_tools.book import fonts
from docs_tools.book.assemble import ORIGIN, Book, BookError
from docs_tools.chromium import ARGS, CHROMIUM, LOAD_IMAGES

BOOK_PATH = "__book__.html"
FONT_PATH = re.compile(r"__book__/cjk-(\d+)\.ttf")  # book.css's @font-face "Book CJK"
EXTRA_CHARACTERS = "\u2190\u2192\u00a0"  # what book.css's `content:` adds
MARKER = re.compile(r"QQ(\d+)QQ")
PDF_OPTIONS = {"prefer_css_page_size": True, "print_background": True}

# Pass one's markers: a tiny white "QQ<n>QQ" as the first child of each target (book.css: .pm).
ADD_MARKERS = """targets => {
  const missing = [];
  targets.forEach((id, n) => {
    const target = document.getElementById(id);
    if (!target) { missing.push(id); return; }
    const marker = document.createElement("span");
    marker.className = "pm";
    marker.textContent = `QQ${n}QQ`;
    target.prepend(marker);
  });
  return missing;
}"""
FILL_PAGE_NUMBERS = """numbers => {
  for (const marker of document.querySelectorAll(".pm")) marker.remove();
  const missing = [];
  for (const ref of document.querySelectorAll("[data-pageref]")) {
    const page = numbers[ref.dataset.pageref];
    if (page === undefined) missing.push(ref.dataset.pageref); else ref.textContent = String(page);
  }
  return missing;
}"""


def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        raise BookError("pdftotext is missing: install poppler-utils (apt-get install poppler-utils; `make install-browser` does)")
    return found


def marker_pages(pdf: Path) -> dict[int, int]:
    """{marker number: 1-based page} for every "QQ<n>QQ" marker in the PDF's text."""
    text = subprocess.run([pdftotext(), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found: dict[int, int] = {}
    for number, page in enumerate(text.split("\f"), start=1):
        for match in MARKER.finditer(re.sub(r"\s+", "", page)):
            found.setdefault(int(match[1]), number)
    return found


def compact(pdf: Path, out: Path) -> None:
    """`pdf` to `out` with its objects in compressed object streams (qpdf): a third of the size.

    A tagged PDF from Chromium holds one structure element per run of text, each
    an uncompressed object: in the books, about 57,000, two thirds of the file.
    """
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        raise BookError("qpdf is missing: install it (apt-get install qpdf; `make install-browser` does)")
    subprocess.run([qpdf, "--object-streams=generate", str(pdf), str(out)], check=True, capture_output=True)


def book_fonts(book: Book) -> dict[int, bytes]:
    """The "Book CJK" subsets for `book`, by weight (docs_tools.book.fonts)."""
    text = "".join(sorted(set(book.html + EXTRA_CHARACTERS)))
    return {weight: fonts.truetype_subset(text, weight) for weight in fonts.WEIGHTS}


def _serve(site: Path, book: Book, cjk: dict[int, bytes], refused: list[str]):
    site = site.resolve()

    async def handle(route):
        url = route.request.url
        if not url.startswith(ORIGIN):
            refused.append(url)
            return await route.abort()
        path = unquote(urlsplit(url).path).lstrip("/")
        if path == BOOK_PATH:
            return await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=book.html)
        font = FONT_PATH.fullmatch(path)
        if font:
            return await route.fulfill(status=200, content_type="font/ttf", body=cjk[int(font[1])])
        file = (site / path).resolve()
        if file.is_dir():
            file = file / "index.html"
        if site not in file.parents or not file.is_file():
            refused.append(url)
            return await route.fulfill(status=404, body="")
        kind = "font/woff2" if file.suffix == ".woff2" else mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return await route.fulfill(status=200, content_type=kind, body=file.read_bytes())

    return handle


async def print_book(browser, site: Path, book: Book, markers: list[str], out: Path) -> dict:
    """Print `book` to `out` in two passes; returns {"numbers": {id: page}, "times": {phase: seconds}}.

    The slow steps outside Chromium (the fonts, pdftotext, qpdf) run in threads, so
    that the other language's book goes on printing meanwhile (docs_tools.book.build).
    """
    refused: list[str] = []
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = round(now - clock, 2)
        clock = now

    cjk = await asyncio.to_thread(book_fonts, book)
    lap("fonts")
    page = await browser.new_page()
    try:
        await page.route("**/*", _serve(Path(site), book, cjk, refused))
        await page.goto(ORIGIN + BOOK_PATH, wait_until="load")
        broken = await page.evaluate(LOAD_IMAGES)
        await page.evaluate("document.fonts.ready.then(() => true)")
        if broken or refused:
            raise BookError(f"{book.language} book: images that did not load {broken}, requests refused {refused}")
        missing = await page.evaluate(ADD_MARKERS, markers)
        if missing:
            raise BookError(f"{book.language} book: page references to ids the book lacks: {missing[:5]}")
        lap("load")
        with tempfile.TemporaryDirectory() as scratch:
            first = Path(scratch) / "pass1.pdf"
            await page.pdf(path=str(first), **PDF_OPTIONS)
            lap("pass one")
            found = await asyncio.to_thread(marker_pages, first)
            lap("read back")
        lost = [markers[n] for n in range(len(markers)) if n not in found]
        if lost:
            raise BookError(f"{book.language} book: pass one lost the page of {lost[:5]} ({len(lost)} in all)")
        numbers = {markers[n]: found[n] for n in range(len(markers))}
        missing = await page.evaluate(FILL_PAGE_NUMBERS, numbers)
        if missing:
            raise BookError(f"{book.language} book: page references without a target: {sorted(set(missing))[:5]}")
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as scratch:
            second = Path(scratch) / "pass2.pdf"
            await page.pdf(path=str(second), outline=True, tagged=True, **PDF_OPTIONS)
            lap("pass two")
            await asyncio.to_thread(compact, second, out)
            lap("qpdf")
    finally:
        await page.close()
    return {"numbers": numbers, "times": times}


async def launch(playwright):
    if not CHROMIUM.exists():
        raise BookError(f"{CHROMIUM} is missing: install Debian's chromium (`make install-browser`)")
    return await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
