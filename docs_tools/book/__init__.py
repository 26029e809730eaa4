"""The whole course as one PDF book per language, made from the built site.

`python -m docs_tools.book site` (after the site is built; `make build` runs both)
writes site/pytorch-basics-zh.pdf and site/en/pytorch-basics-en.pdf:

- docs_tools.book.assemble: one HTML document per language from the built
  pages' <article>s: title page, table of contents, the chapters in nav order,
  the solutions appendix, the glossary and the errata list;
- docs_tools.book.render: Chromium (Debian's, through Playwright) prints it,
  twice: pass one finds the page of every heading the table of contents and
  the solution references name (pdftotext), pass two prints the final book,
  which qpdf packs;
- docs_tools.book.fonts: the Chinese font as TrueType (Chromium would embed
  Debian's CFF Noto Sans CJK as Type 3 fonts);
- docs_tools/book/book.css: the print stylesheet, on top of the site's own.

`make serve` never runs it: the book is a step of `make build` only.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from docs_tools.book.assemble import PDF_NAMES, ROOTS, BookError, assemble

__all__ = ["BookError", "build", "pdf_path"]


def pdf_path(out: Path, language: str) -> Path:
    """Where the book of `language` goes under `out` (a site folder): beside the language's home page."""
    return Path(out) / ROOTS[language] / PDF_NAMES[language]


def build(site: Path, out: Path | None = None, languages=("zh", "en"), log=print) -> dict[str, dict]:
    """The books of `languages` from the built site in `site`, written under `out` (default: the site).

    Both languages print at once, each in its own tab of one Chromium. Returns, per
    language: the PDF's path, its size, the seconds it took, the Book and the
    page numbers found.
    """
    site = Path(site)
    out = Path(out) if out is not None else site
    return asyncio.run(_build(site, out, tuple(languages), log))


async def _build(site: Path, out: Path, languages: tuple[str, ...], log) -> dict[str, dict]:
    from playwright.async_api import async_playwright

    from docs_tools.book import render

    async def one(browser, language: str) -> dict:
        start = time.perf_counter()
        book, markers = await asyncio.to_thread(assemble, site, language)
        assembled = time.perf_counter() - start
        path = pdf_path(out, language)
        printed = await render.print_book(browser, site, book, markers, path)
        seconds = time.perf_counter() - start
        size = path.stat().st_size
        log(
            f"book: {path} ({size / 2**20:.1f} MiB, {len(book.pages)} pages of the site, {book.solutions} solutions, "
            f"{len(book.figures)} figures) in {seconds:.1f} s (assembled in {assembled:.1f} s; {printed['times']})"
        )
        return {"path": path, "bytes": size, "seconds": seconds, "book": book, **printed}

    async with async_playwright() as playwright:
        browser = await render.launch(playwright)
        try:
            results = await asyncio.gather(*(one(browser, language) for language in languages))
        finally:
            await browser.close()
    return dict(zip(languages, results))
