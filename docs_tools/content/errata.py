"""Errata: written beside what they correct, shown in full on the 勘误表 / Errata pages.

An erratum is a collapsed warning box in a chapter's source, placed right
after the text or code it corrects, whose title starts with the language's
prefix (TITLE_PREFIX) and whose body quotes the notes, says what changed and
why, and usually includes the snippet that shows the fix:

    ??? warning "勘误：Python 的 int 对应 LongTensor"        (docs/zh/…)
    ??? warning "Erratum: a Python int becomes a LongTensor"  (docs/en/…)

The reader of a chapter is not interrupted by it: ``as_notes`` replaces each
box with a one-line note ("勘误：<title>") linking to the full erratum, which
``render`` writes on the errata page (docs/zh/errata.md and docs/en/errata.md
hold the placeholder ``{{ errata }}``): grouped by chapter, each erratum under
a heading of its own, with a link back to the section it corrects and the
test behind it: the snippets its body includes or names in inline code
(`snippets/06-visualisation/test_visdom.py`), or else the snippets the
section includes above the box (the output there shows the fix).

Section anchors are the ones MkDocs gives those headings: the page's headings
(outside code blocks) are converted with the site's own Markdown extensions
(mkdocs.yml: toc with pymdownx.slugs' slugify; attr_list for explicit ids), so
duplicates get the same _1, _2 suffixes. A wrong anchor would not go
unnoticed: `mkdocs build --strict` validates the anchors of links between
pages, and tests/test_errata.py checks them in the built site.

``collect(language)`` and ``render(language)`` also work outside a build (e.g.
``python -m docs_tools``); without a MkDocs config they read mkdocs.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import markdown as markdownlib

from docs_tools import pages

PLACEHOLDER = "{{ errata }}"
TITLE_PREFIX = {"zh": "勘误：", "en": "Erratum: "}
CHAPTER = re.compile(r"^(\d\d)-[\w-]+\.md$")
# The title runs to the line's last quote, as Python-Markdown reads it (\" inside is Markdown's escape).
BOX = re.compile(r'^(?P<indent>[ \t]*)(?:\?\?\?\+?|!!!)[ \t]+warning[ \t]+"(?P<title>.*)"[ \t]*$', re.M)
HEADING = re.compile(r"^[ \t]*(?P<hashes>#{1,6})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.M)
# A test named in a box body, as inline code.
_NAMED_TEST = re.compile(r"`(snippets/[\w./-]+\.py(?:con)?)`")
# A same-page link inside a box body: on the errata page it must point at the chapter.
_SAME_PAGE_LINK = re.compile(r"\]\(#")

INTRO = {
    "zh": (
        "原笔记在 {count} 处有误。章节正文已经改正，并在出错的地方留下一行「勘误」提示，链接到这里。"
        "每一条勘误引用笔记原文，说明改了什么、为什么改，并给出验证它的代码（测试）。"
    ),
    "en": (
        "The notes are wrong in {count} places. The chapters teach the corrected version and leave a one-line "
        "“Erratum” note where the notes went wrong, linking here. Each erratum quotes the notes, says what "
        "changed and why, and names the code that verifies it (its test)."
    ),
}
CHAPTER_HEADING = {"zh": "## 第 {n} 章 {title}", "en": "## Chapter {n}: {title}"}
WHERE = {"zh": "出处：[第 {n} 章 · {section}]({link})", "en": "Where: [Chapter {n}, {section}]({link})"}
TESTED_BY = {"zh": "测试：{files}", "en": "Tested by {files}"}
NOTE_TITLE = {"zh": "笔记原文、改正说明及其测试", "en": "The notes' original, the correction and its test"}
NOTEBOOK_LINK = {"zh": "详见勘误表", "en": "details on the Errata page"}
NONE = {"zh": "目前没有勘误。", "en": "There are no errata at present."}


class ErrataError(Exception):
    """An erratum box cannot be placed (the message names the page)."""


def erratum_id(page: str, number: int) -> str:
    """An erratum's anchor on the errata page: the chapter's file name and its place there, e.g. "03-tensors-2"."""
    return f"{page.removesuffix('.md')}-{number}"


@dataclass(frozen=True)
class Erratum:
    page: str  # the chapter's file name, e.g. "03-tensors.md"
    line: int  # the box's line in the page source
    number: int  # its place among the chapter's errata, from 1
    title: str  # the box title without the prefix (Markdown)
    body: str  # the box's content, unindented (Markdown)
    section: str | None  # the nearest heading above the box (Markdown), None above the first one
    anchor: str | None  # that heading's id
    tests: tuple[str, ...]  # the snippet files that verify it

    @property
    def link(self) -> str:
        """The section it corrects, from the errata page."""
        return f"{self.page}#{self.anchor}" if self.anchor else self.page

    @property
    def id(self) -> str:
        """Its anchor on the errata page, e.g. "03-tensors-2"."""
        return erratum_id(self.page, self.number)


@dataclass(frozen=True)
class _Box:
    start: int  # offset of the header line
    end: int  # offset just past the body
    indent: str
    title: str
    body: str


def _without_code(text: str) -> str:
    """The page with every fenced code block blanked out (line numbers and offsets kept)."""
    return pages.FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def _boxes(text: str, language: str) -> list[_Box]:
    """The erratum boxes of a page's source, with their bodies (code blocks inside them included)."""
    prefix = TITLE_PREFIX[language]
    found = []
    for header in BOX.finditer(_without_code(text)):
        if not header["title"].startswith(prefix):
            continue
        inner = len(header["indent"].expandtabs(4)) + 4
        lines = text[header.end() + 1 :].split("\n")
        taken = 0
        for line in lines:
            if line.strip() and len(line) - len(line.lstrip()) < inner:
                break
            taken += 1
        while taken and not lines[taken - 1].strip():
            taken -= 1
        body_lines = [line[inner:] for line in lines[:taken]]
        end = header.end() + sum(len(line) + 1 for line in lines[:taken])  # the last body line's end
        found.append(_Box(header.start(), end, header["indent"], header["title"][len(prefix) :].strip(), "\n".join(body_lines).strip("\n")))
    return found


def _markdown(config=None) -> markdownlib.Markdown:
    """A Markdown converter with the site's extensions, as MkDocs sets them up."""
    if config is None:
        from mkdocs.config import load_config

        config = load_config(str(pages.ROOT / "mkdocs.yml"))
    return markdownlib.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def _heading_ids(headings: list[str], md: markdownlib.Markdown) -> list[str]:
    """The ids MkDocs gives these headings (ATX lines, in page order)."""
    md.reset()
    md.convert("\n\n".join(headings))
    flat: list[str] = []

    def walk(tokens):
        for token in tokens:
            flat.append(token["id"])
            walk(token["children"])

    walk(md.toc_tokens)
    if len(flat) != len(headings):
        raise ErrataError(f"expected {len(headings)} heading ids, the toc has {len(flat)}")
    return flat


def chapters(language: str) -> dict[str, Path]:
    return {name: path for name, path in pages.pages(language).items() if CHAPTER.match(name)}


def title_of(path: Path) -> str:
    match = re.search(r"^# (.+)$", _without_code(path.read_text(encoding="utf-8")), re.M)
    return match[1].strip() if match else path.stem


def _page_errata(name: str, text: str, language: str, md: markdownlib.Markdown) -> list[Erratum]:
    blank = _without_code(text)
    headings = [m for m in HEADING.finditer(blank) if len(m["hashes"]) > 1]
    ids = _heading_ids([f"{m['hashes']} {m['text']}" for m in headings], md) if headings else []
    found = []
    for number, box in enumerate(_boxes(text, language), start=1):
        if "$" in box.title or "\\" in box.title:
            raise ErrataError(
                f"docs/{language}/{name}:{text.count(chr(10), 0, box.start) + 1}: erratum title {box.title!r} holds a formula or TeX; "
                "it becomes a heading in the errata page's table of contents, where TeX shows raw: write it in words or symbols (∇)"
            )
        above = [(m, anchor) for m, anchor in zip(headings, ids) if m.start() < box.start]
        heading, anchor = above[-1] if above else (None, None)
        # Its test: the snippets its body includes or names (`snippets/…/test_x.py`) ...
        tests = [m["target"] for m in pages.INCLUDE.finditer(box.body)] + _NAMED_TEST.findall(box.body)
        if not tests:  # ... or else the section's snippets above the box, whose output shows the fix
            section_start = heading.end() if heading else 0
            tests = [m["target"] for m in pages.INCLUDE.finditer(text, section_start, box.start)]
        found.append(
            Erratum(
                page=name,
                line=text.count("\n", 0, box.start) + 1,
                number=number,
                title=box.title,
                body=box.body,
                section=heading["text"].strip() if heading else None,
                anchor=anchor,
                tests=tuple(dict.fromkeys(tests)),
            )
        )
    return found


def collect(language: str, config=None, md: markdownlib.Markdown | None = None) -> list[Erratum]:
    """Every erratum of the language's chapter pages, in chapter and page order."""
    md = md or _markdown(config)
    found = []
    for name, path in chapters(language).items():
        found += _page_errata(name, path.read_text(encoding="utf-8"), language, md)
    return found


_CODE_OR_MATH = re.compile(r"(`+)(?:.+?)\1|\$[^$\n]+\$")


def _link_text(text: str) -> str:
    """Markdown for inside [...]: brackets outside code and math escaped."""
    parts, last = [], 0
    for match in _CODE_OR_MATH.finditer(text):
        parts.append(re.sub(r"([\[\]])", r"\\\1", text[last : match.start()]))
        parts.append(match[0])
        last = match.end()
    parts.append(re.sub(r"([\[\]])", r"\\\1", text[last:]))
    return "".join(parts)


def note(anchor: str, title: str, language: str, for_notebook: bool = False) -> str:
    """The one line a chapter shows in place of an erratum, linking to it on the errata page."""
    if for_notebook:  # plain Markdown (Jupyter knows no attribute lists), the title outside the link's brackets
        return f"> **{TITLE_PREFIX[language]}{title}** [{NOTEBOOK_LINK[language]}](errata.md#{anchor})"
    link = f"[{_link_text(TITLE_PREFIX[language] + title)}](errata.md#{anchor} \"{NOTE_TITLE[language]}\")"
    return f"{link}\n{{: .erratum-note }}"


def as_notes(text: str, language: str, name: str, for_notebook: bool = False) -> str:
    """A chapter page's Markdown with each erratum box replaced by its one-line note."""
    if not CHAPTER.match(name):
        return text
    parts, last = [], 0
    for number, box in enumerate(_boxes(text, language), start=1):
        shown = note(erratum_id(name, number), box.title, language, for_notebook)
        parts += [text[last : box.start], "\n".join(box.indent + line for line in shown.split("\n"))]
        last = box.end
    parts.append(text[last:])
    return "".join(parts)


def shown_includes(page: Path, language: str) -> list[str]:
    """The files a built page includes, in order.

    A chapter shows its errata as one-line notes, so the files included in
    its erratum boxes are left out; the errata page shows them all.
    """
    if page.name == "errata.md":
        return [m["target"] for erratum in collect(language) for m in pages.INCLUDE.finditer(erratum.body)]
    return [m["target"] for m in pages.INCLUDE.finditer(as_notes(page.read_text(encoding="utf-8"), language, page.name))]


def _heading(title: str, language: str) -> str:
    """A box title as a heading: English titles follow "Erratum: " in the box, so "the input shape" -> "The input shape"."""
    return title[:1].upper() + title[1:] if language == "en" else title


def render(language: str, config=None) -> str:
    """The errata page's body, as Markdown: every erratum in full, by chapter."""
    errata = collect(language, config)
    if not errata:
        return NONE[language] + "\n"
    lines = [INTRO[language].format(count=len(errata)), ""]
    paths = chapters(language)
    for name in dict.fromkeys(erratum.page for erratum in errata):
        number = int(CHAPTER.match(name)[1])
        lines += ["", CHAPTER_HEADING[language].format(n=number, title=title_of(paths[name])), ""]
        for erratum in (e for e in errata if e.page == name):
            section = erratum.section or title_of(paths[name])
            where = WHERE[language].format(n=number, section=_link_text(section), link=erratum.link)
            tested = TESTED_BY[language].format(files=", ".join(f"`{target}`" for target in erratum.tests))
            body = _SAME_PAGE_LINK.sub(f"]({name}#", erratum.body)
            lines += [
                "",
                f"### {_heading(erratum.title, language)} {{ #{erratum.id} }}",
                "",
                f"{where}<br>",
                tested if erratum.tests else "",
                "",
                body,
                "",
            ]
    return "\n".join(lines) + "\n"


def fill(markdown: str, language: str, config=None) -> str:
    """A page's Markdown with the errata placeholder, if any, replaced by the errata."""
    if PLACEHOLDER not in markdown:
        return markdown
    return markdown.replace(PLACEHOLDER, render(language, config))
