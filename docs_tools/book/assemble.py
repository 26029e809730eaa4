"""One HTML document per language, assembled from the built site's pages.

The built pages already hold the finished content (formulas as MathML,
figures, highlighted code, API links), so the book takes each page's
``<article>`` as it is and only reorganises it for paper:

- the pages in the order of the site's navigation: the chapters, then the
  glossary and the errata list; a title page and a table of contents first;
- each exercise's solution (a collapsed ``??? success "参考答案"`` box, i.e.
  ``<details class="success">``) moves to the appendix, and the exercise says
  on which page its solution is (and the solution, where its exercise is);
- every ``id`` gets the page's prefix (``ch03-``), so ids that repeat across
  pages stay unique (non-ASCII ones become a hash: the PDF's named
  destinations want short ASCII names); links between the book's pages
  become in-document links, links to the site's other pages (notebooks,
  version compatibility) point at the published site (``site_url``), and
  external links are kept;
- what means nothing on paper goes: heading permalinks, the notebook links,
  the per-page "verified with" stamp (the title page names the versions once),
  the tab widgets' radio buttons; every remaining ``<details>`` is opened.

Page numbers are not known before Chromium lays the document out:
elements with ``data-pageref="ID"`` get the page of element ``ID`` in a second
pass (docs_tools.book.render). Their text is a placeholder in a box of fixed
width, so filling the numbers in changes no line break.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as htmlmod
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from docs_tools import versions
from docs_tools.render import formulas

HERE = Path(__file__).parent
STYLESHEET = HERE / "book.css"
# The origin the book is loaded from while printing (docs_tools.book.render
# serves the site's files under it; nothing goes on the network).
ORIGIN = "http://book.invalid/"
# Where each language lives in the site, and the name of its PDF there.
ROOTS = {"zh": "", "en": "en/"}
PDF_NAMES = {"zh": "pytorch-basics-zh.pdf", "en": "pytorch-basics-en.pdf"}
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
# Pages of the book after the chapters, in this order (nav order).
BACK_MATTER = ("glossary/", "errata/")
CHAPTER = re.compile(r"^(\d{2})-[^/]+/$")
# What the book leaves out of a page (besides scripts, permalinks and the tabs' radio buttons).
DEBRIS = {"notebook-links", "verified-stamp", "md-source-file"}
ID_ATTRIBUTES = ("id", "for", "aria-labelledby", "aria-describedby", "aria-controls")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
KEEP_LINES = 14  # code blocks up to this many lines are not split across pages
PLACEHOLDER = "000"  # page-number placeholder: as wide as any page number of the book

TEXT = {
    "zh": {
        "title": "PyTorch 基础",
        "verified": "示例的验证环境：torch {torch}、torchvision {torchvision}（Python {python}）",
        "built": "构建日期：{date}",
        "online": "在线版：",
        "pdf_note": "本书由网站的页面生成，内容与在线版相同；练习的参考答案在书末的附录中。",
        "contents": "目录",
        "chapter": "第 {n} 章",
        "solutions": "附录　参考答案",
        "solutions_short": "参考答案",
        "solution_ref": "参考答案见第 {page} 页",
        "exercise_ref": "题目在第 {page} 页",
    },
    "en": {
        "title": "PyTorch Basics",
        "verified": "Examples verified with torch {torch} and torchvision {torchvision} (Python {python})",
        "built": "Built on {date}",
        "online": "Online: ",
        "pdf_note": "This book is made from the site's pages and holds the same text; the exercises' solutions are in the appendix at the end.",
        "contents": "Contents",
        "chapter": "Chapter {n}",
        "solutions": "Appendix: Solutions",
        "solutions_short": "Solutions",
        "solution_ref": "Solution on page {page}",
        "exercise_ref": "Exercise on page {page}",
    },
}


class BookError(RuntimeError):
    """The built site lacks something the book needs (a page, a heading, an exercise's heading)."""


@dataclass
class Page:
    key: str  # "03-tensors/" (the page's URL, relative to its language's root)
    prefix: str  # "ch03": every id of the page gets "ch03-" in front
    kind: str  # "chapter" or "back"
    title_html: str  # the page's h1, without the permalink
    title_text: str
    number: int | None = None  # the chapter's number
    article: Tag | None = None


@dataclass
class Book:
    language: str
    html: str
    pages: list[Page]
    figures: list[str] = field(default_factory=list)  # site paths of the figures shown, in order
    solutions: int = 0
    page_names: dict[str, str] = field(default_factory=dict)  # CSS named page -> running header


def _soup(path: Path) -> BeautifulSoup:
    if not path.is_file():
        raise BookError(f"{path}: missing from the built site (build the site first: make build)")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _heading_text(tag: Tag) -> str:
    """A heading's words, formulas as the characters of their MathML (no spaces between symbols)."""
    copy = BeautifulSoup(str(tag), "html.parser")
    for formula in copy.find_all("math"):
        formula.replace_with(formula.get_text(""))
    for link in copy.select("a.headerlink"):
        link.decompose()
    return " ".join(copy.get_text(" ", strip=True).split())


def _inner(tag: Tag) -> str:
    copy = BeautifulSoup(str(tag), "html.parser").find(tag.name)
    for link in copy.select("a.headerlink"):
        link.decompose()
    for marker in copy.select(".pm"):
        marker.decompose()
    for anchor in copy.find_all("a"):  # a heading's own links would nest inside the TOC's link
        anchor.unwrap()
    return copy.decode_contents().strip()


def site_facts(site: Path, language: str) -> dict:
    """What the language's home page of the built site says: nav order, site address, description."""
    root = ROOTS[language]
    home = _soup(site / root / "index.html")
    canonical = home.find("link", rel="canonical")
    site_url = canonical["href"] if canonical else os.environ.get("SITE_URL", "http://127.0.0.1:8000/")
    if root and site_url.endswith(root):
        site_url = site_url[: -len(root)]
    nav = home.select_one("nav.md-nav--primary")
    if nav is None:
        raise BookError(f"{site / root / 'index.html'}: no navigation (nav.md-nav--primary) to take the page order from")
    keys = []
    for link in nav.select("a.md-nav__link[href]"):
        href = link["href"]
        key = href[2:] if href.startswith("./") else href
        if "#" in key or key in keys:
            continue
        keys.append(key)
    description = home.find("meta", attrs={"name": "description"})
    description = description["content"] if description else ""
    parts = [part.strip() for part in description.split(" / ")]
    subtitle = parts[0 if language == "zh" else -1] if parts else ""
    stylesheets = []
    for link in home.find_all("link", rel="stylesheet"):
        stylesheets.append(urljoin(ORIGIN + root, link["href"]))
    if not any(formulas.STYLESHEET in sheet for sheet in stylesheets):  # the home page shows no formula
        stylesheets.append(ORIGIN + formulas.STYLESHEET)
    body = home.find("body")
    return {
        "keys": keys,
        "site_url": site_url,
        "subtitle": subtitle,
        "stylesheets": stylesheets,
        "body_attrs": {k: v for k, v in (body.attrs if body else {}).items() if k == "dir" or k.startswith("data-md-color")},
    }


def _book_pages(keys: list[str]) -> list[tuple[str, str, int | None]]:
    chapters = [(key, "chapter", int(CHAPTER.match(key)[1])) for key in keys if CHAPTER.match(key)]
    if not chapters:
        raise BookError("the site's navigation lists no chapter (NN-topic/) pages")
    back = [(key, "back", None) for key in BACK_MATTER if key in keys]
    return chapters + back


def _prefix(key: str, kind: str, number: int | None) -> str:
    return f"ch{number:02d}" if kind == "chapter" else key.strip("/")


class _Assembler:
    def __init__(self, site: Path, language: str, date: dt.date | None = None):
        self.site = site
        self.language = language
        self.text = TEXT[language]
        self.root = ROOTS[language]
        self.facts = site_facts(site, language)
        self.date = date or _build_date()
        self.pages: list[Page] = []
        self.by_path: dict[str, Page] = {}  # "/en/03-tensors/" -> Page
        self.pagerefs: set[str] = set()
        self.figures: list[str] = []
        self.solutions: list[tuple[Page, str, str, list]] = []  # (page, exercise id, exercise title html, contents)

    # ------------------------------------------------------------------ pages

    def load(self) -> None:
        for key, kind, number in _book_pages(self.facts["keys"]):
            page = Page(key, _prefix(key, kind, number), kind, "", "", number)
            self.pages.append(page)
            self.by_path["/" + self.root + key] = page
        for page in self.pages:
            path = self.site / self.root / page.key / "index.html"
            page.article = _soup(path).find("article")
            h1 = page.article.find("h1") if page.article else None
            if h1 is None:
                raise BookError(f"{path}: no <article> with an <h1>")
            page.title_html, page.title_text = _inner(h1), _heading_text(h1)

    def _id(self, page: Page, old: str) -> str:
        """The page's prefix and the id; ASCII and short, as the PDF's named destinations want (a
        Chinese heading's id would become a name of over 127 bytes, percent-encoded twice)."""
        if re.fullmatch(r"[A-Za-z0-9_.:-]{1,48}", old):
            return f"{page.prefix}-{old}"
        return f"{page.prefix}-h{hashlib.sha1(old.encode()).hexdigest()[:10]}"

    def _link(self, page: Page, href: str) -> str:
        """Where a link of `page` goes in the book: an anchor of the book, or an absolute address."""
        if href.startswith("#"):
            return "#" + (self._id(page, href[1:]) if href[1:] else page.prefix)
        target = urljoin(ORIGIN + self.root + page.key, href)
        if not target.startswith(ORIGIN):
            return href  # another site (the API docs): kept as it is
        parts = urlsplit(target)
        path = parts.path if parts.path.endswith("/") or "." in parts.path.rsplit("/", 1)[-1] else parts.path + "/"
        other = self.by_path.get(path.replace("/index.html", "/"))
        if other is not None:
            return "#" + (self._id(other, parts.fragment) if parts.fragment else other.prefix)
        return self.facts["site_url"] + target[len(ORIGIN) :]  # a page the book leaves out: the published site's

    def _walk(self, page: Page) -> None:
        """One pass over the page's elements (the pages are large: one walk each, not one per rule)."""
        drop, solutions, heading = [], [], None
        for tag in page.article.find_all(True):
            name, classes = tag.name, tag.get("class") or ()
            if (
                name == "script"
                or (name == "a" and ("headerlink" in classes or "md-content__button" in classes))
                or any(c in DEBRIS for c in classes)
                or (name == "input" and "tabbed-set" in (tag.parent.get("class") or ()))
            ):
                drop.append(tag)
                continue
            for attribute in ID_ATTRIBUTES:
                if tag.get(attribute):
                    tag[attribute] = " ".join(self._id(page, part) for part in tag[attribute].split())
            if name in HEADINGS:
                heading = tag
            elif name == "a" and tag.get("href"):
                tag["href"] = self._link(page, tag["href"])
            elif name == "img" and tag.get("src"):
                tag.attrs.pop("loading", None)
                target = urljoin(ORIGIN + self.root + page.key, tag["src"])
                if target.startswith(ORIGIN):
                    tag["src"] = "/" + target[len(ORIGIN) :]
                    self.figures.append(target[len(ORIGIN) :])
            elif name == "details":
                if "success" in classes:
                    solutions.append((tag, heading))
                tag["open"] = ""
            elif name == "code" and "td" in (tag.parent.name, tag.parent.parent.name if tag.parent.parent else None):
                _break_after_dots(tag)
            elif name == "div" and "highlight" in classes:
                code = tag.find("code")
                if code is not None and code.get_text().count("\n") <= KEEP_LINES:
                    tag["class"] = [*classes, "book-keep"]
        for tag in drop:
            tag.decompose()
        self._move_solutions(page, solutions)

    def _chapter_heading(self, page: Page) -> None:
        h1 = page.article.find("h1")
        if page.kind == "chapter":
            label = self.text["chapter"].format(n=page.number)
            # On the title's line: the PDF outline's entry reads "第 2 章 简单回归问题" (a number on a
            # line of its own would run into the title there: "第 2 章简单回归问题").
            number = BeautifulSoup(f'<span class="chapter-number">{htmlmod.escape(label)}</span>', "html.parser").span
            h1.insert(0, " ")
            h1.insert(0, number)
            page.title_html = _inner(h1)
            page.title_text = f"{label} {page.title_text}"

    def _move_solutions(self, page: Page, solutions: list) -> None:
        """Each solution box leaves a page reference under its exercise and goes to the appendix."""
        soup = BeautifulSoup("", "html.parser")
        count = {}
        for details, heading in solutions:
            if heading is None or not heading.get("id"):
                raise BookError(f"{page.key}: a solution box comes before any heading; the book cannot say which exercise it answers")
            exercise = heading["id"]
            count[exercise] = count.get(exercise, 0) + 1
            solution_id = f"sol-{exercise}" + (f"-{count[exercise]}" if count[exercise] > 1 else "")
            summary = details.find("summary")
            if summary is not None:
                summary.decompose()
            contents = list(details.contents)
            ref = soup.new_tag("p", attrs={"class": "solution-ref"})
            link = soup.new_tag("a", href=f"#{solution_id}")
            link.append(_pageref_html(self.text["solution_ref"], solution_id, soup))
            ref.append(link)
            details.replace_with(ref)
            self.pagerefs.update({solution_id, exercise})
            self.solutions.append((page, exercise, solution_id, _inner(heading), contents))

    def prepare(self) -> None:
        self.load()
        for page in self.pages:
            self._walk(page)
            self._chapter_heading(page)

    # ------------------------------------------------------------------ output

    def _toc(self) -> str:
        entries = []
        for page in self.pages:
            if page.kind == "chapter":
                sections = [h for h in page.article.find_all("h2") if h.get("id")]
                children = "".join(_toc_entry(2, h["id"], _inner(h), self) for h in sections)
                entries.append(_toc_entry(1, page.prefix, page.title_html, self, children))
            if page is self._last_chapter():
                entries.append(_toc_entry(1, "solutions", htmlmod.escape(self.text["solutions"]), self))
            if page.kind == "back":
                entries.append(_toc_entry(1, page.prefix, page.title_html, self))
        return f'<nav class="book-toc"><h1 id="contents">{htmlmod.escape(self.text["contents"])}</h1><ol>{"".join(entries)}</ol></nav>'

    def _last_chapter(self) -> Page:
        return [page for page in self.pages if page.kind == "chapter"][-1]

    def _cover(self) -> str:
        v = versions.verified()
        url = self.facts["site_url"] + self.root
        lines = [
            f'<p class="cover-title">{htmlmod.escape(self.text["title"])}</p>',
            f'<p class="cover-subtitle">{htmlmod.escape(self.facts["subtitle"])}</p>' if self.facts["subtitle"] else "",
            f'<p class="cover-verified">{htmlmod.escape(self.text["verified"].format(**v))}</p>',
            f'<p class="cover-built">{htmlmod.escape(self.text["built"].format(date=self.date.isoformat()))}</p>',
            f'<p class="cover-url">{htmlmod.escape(self.text["online"])}<a href="{htmlmod.escape(url)}">{htmlmod.escape(url)}</a></p>',
            f'<p class="cover-note">{htmlmod.escape(self.text["pdf_note"])}</p>',
        ]
        return f'<section class="book-cover">{"".join(lines)}</section>'

    def _appendix(self) -> str:
        soup = BeautifulSoup("", "html.parser")
        parts = [f'<section class="book-solutions" style="page: solutions"><h1 id="solutions">{htmlmod.escape(self.text["solutions"])}</h1>']
        current = None
        for page, exercise, solution_id, title_html, contents in self.solutions:
            if page is not current:
                current = page
                parts.append(f'<h2 id="sol-{page.prefix}">{page.title_html}</h2>')
            back = soup.new_tag("a", href=f"#{exercise}")
            back.append(_pageref_html(self.text["exercise_ref"], exercise, soup))
            body = "".join(str(node) for node in contents)
            parts.append(
                f'<div class="solution"><h3 id="{solution_id}">{title_html}</h3>'
                f'<p class="exercise-ref">{back}</p>{body}</div>'
            )
        parts.append("</section>")
        return "".join(parts)

    def _section(self, page: Page) -> str:
        name = page.prefix
        # The section's id is the page's own anchor: links to the page land on its title.
        return f'<section id="{name}" class="book-page book-{page.kind}" style="page: {name}">{page.article.decode_contents()}</section>'

    def page_names(self) -> dict[str, str]:
        names = {"contents": self.text["contents"], "solutions": self.text["solutions_short"]}
        for page in self.pages:
            names[page.prefix] = page.title_text
        return names

    def targets(self) -> list[str]:
        """The ids whose page numbers the book prints: the TOC's entries and the solution references."""
        found = {page.prefix for page in self.pages} | {"solutions", "contents"} | self.pagerefs
        return sorted(found)

    def document(self) -> str:
        names = self.page_names()
        head = [
            '<meta charset="utf-8">',
            f"<title>{htmlmod.escape(self.text['title'])}</title>",
            *[f'<link rel="stylesheet" href="{htmlmod.escape(sheet)}">' for sheet in self.facts["stylesheets"]],
            f"<style>{STYLESHEET.read_text(encoding='utf-8')}</style>",
            f"<style>{_page_rules(names, self.text['title'])}</style>",
        ]
        body_attrs = " ".join(f'{k}="{htmlmod.escape(v)}"' for k, v in self.facts["body_attrs"].items())
        sections = []
        for page in self.pages:
            sections.append(self._section(page))
            if page is self._last_chapter():
                sections.append(self._appendix())
        content = self._cover() + self._toc() + "".join(sections)
        return (
            f'<!doctype html>\n<html lang="{HTML_LANG[self.language]}"><head>{"".join(head)}</head>'
            f'<body {body_attrs}><div class="md-typeset book">{content}</div></body></html>'
        )


def _break_after_dots(code: Tag) -> None:
    """Line-break opportunities (<wbr>) after the dots and underscores of an API name in a table cell:
    `F.binary_cross_entropy_with_logits` wraps at its parts, not in the middle of a word."""
    if len(code.contents) != 1 or not isinstance(code.contents[0], str):
        return
    parts = re.split(r"(?<=[._])", str(code.contents[0]))
    if len(parts) < 2:
        return
    code.clear()
    for n, part in enumerate(parts):
        if n:
            code.append(BeautifulSoup("<wbr>", "html.parser").wbr)
        code.append(part)


def _pageref_html(template: str, target: str, soup: BeautifulSoup) -> Tag:
    """`template` ("…第 {page} 页") with the page number as a fixed-width placeholder filled in later."""
    before, after = template.split("{page}")
    span = soup.new_tag("span", attrs={"class": "pageref-text"})
    span.append(before)
    number = soup.new_tag("span", attrs={"class": "pageref", "data-pageref": target})
    number.string = PLACEHOLDER
    span.append(number)
    span.append(after)
    return span


def _toc_entry(level: int, target: str, title_html: str, assembler: _Assembler, children: str = "") -> str:
    assembler.pagerefs.add(target)
    nested = f"<ol>{children}</ol>" if children else ""
    return (
        f'<li class="toc-{level}"><a href="#{target}"><span class="toc-title">{title_html}</span>'
        f'<span class="toc-leader"></span><span class="pageref" data-pageref="{target}">{PLACEHOLDER}</span></a>{nested}</li>'
    )


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_rules(names: dict[str, str], title: str) -> str:
    """A named page per part of the book: its running header is the part's title (CSS margin boxes)."""
    rules = []
    for name, header in names.items():
        rules.append(f"@page {name} {{ @top-left {{ content: {_css_string(title)}; }} @top-right {{ content: {_css_string(header)}; }} }}")
    return "\n".join(rules)


def _build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH's day (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def assemble(site: Path, language: str, date: dt.date | None = None) -> tuple[Book, list[str]]:
    """The book of `language` as one HTML document, and the ids whose pages it prints (docs_tools.book.render)."""
    assembler = _Assembler(Path(site), language, date)
    assembler.prepare()
    html = assembler.document()
    book = Book(language, html, assembler.pages, assembler.figures, len(assembler.solutions), assembler.page_names())
    return book, assembler.targets()
