"""The 勘误表 / Errata pages: every erratum box of the chapters, in one list per language.

An erratum is a collapsed warning box on a chapter page whose title starts
with the language's prefix (TITLE_PREFIX):

    ??? warning "勘误：Python 的 int 对应 LongTensor"        (docs/zh/…)
    ??? warning "Erratum: a Python int becomes a LongTensor"  (docs/en/…)

docs/zh/errata.md and docs/en/errata.md are short committed pages holding the
placeholder ``{{ errata }}``; docs_tools/hooks.py (on_page_markdown) replaces
it with ``render(language, config)``: the errata grouped by chapter (in
chapter order, then in page order), each entry the box's title (without the
prefix) linking to the chapter page at the nearest heading above the box.

The heading anchors are the ones MkDocs gives those headings: the page's
headings (outside code blocks) are converted with the site's own Markdown
extensions (mkdocs.yml: toc with pymdownx.slugs' slugify, case lower;
attr_list for explicit ids), so duplicates get the same _1, _2 suffixes. A
wrong anchor would not go unnoticed: `mkdocs build --strict` validates the
anchors of links between pages, and tests/test_errata.py checks them in the
built site.

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
BOX = re.compile(r'^[ \t]*(?:\?\?\?\+?|!!!)[ \t]+warning[ \t]+"(?P<title>.*)"[ \t]*$', re.M)
HEADING = re.compile(r"^[ \t]*(?P<hashes>#{1,6})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.M)

INTRO = {
    "zh": "本站各章共有 {count} 处勘误，每一处都在章节正文中以可展开的「勘误」框给出，说明笔记原文错在哪里、正确的写法是什么。下面按章节列出，点击即可跳到对应小节。",
    "en": "The chapters correct the notes in {count} places, each in a collapsible “Erratum” box that quotes the notes and gives the verified fix. They are listed here by chapter; each entry leads to its section.",
}
CHAPTER_HEADING = {"zh": "## 第 {n} 章 {title}", "en": "## Chapter {n}: {title}"}
IN_SECTION = {"zh": "（{section}）", "en": " ({section})"}
NONE = {"zh": "目前没有勘误。", "en": "There are no errata at present."}


class ErrataError(Exception):
    """An erratum box cannot be placed (the message names the page)."""


@dataclass(frozen=True)
class Erratum:
    page: str  # the chapter's file name, e.g. "03-tensors.md"
    line: int  # the box's line in the page source
    title: str  # the box title without the prefix (Markdown)
    section: str | None  # the nearest heading above the box (Markdown), None above the first one
    anchor: str | None  # that heading's id

    @property
    def link(self) -> str:
        return f"{self.page}#{self.anchor}" if self.anchor else self.page


def _without_code(text: str) -> str:
    """The page with every fenced code block's lines blanked (line numbers kept)."""
    return pages.FENCE.sub(lambda m: "\n" * m[0].count("\n"), text)


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


def collect(language: str, config=None, md: markdownlib.Markdown | None = None) -> list[Erratum]:
    """Every erratum box of the language's chapter pages, in chapter and page order."""
    md = md or _markdown(config)
    prefix = TITLE_PREFIX[language]
    found = []
    for name, path in chapters(language).items():
        text = _without_code(path.read_text(encoding="utf-8"))
        headings = list(HEADING.finditer(text))
        ids = _heading_ids([f"{m['hashes']} {m['text']}" for m in headings], md) if headings else []
        for box in BOX.finditer(text):
            if not box["title"].startswith(prefix):
                continue
            above = [(m, anchor) for m, anchor in zip(headings, ids) if m.start() < box.start() and len(m["hashes"]) > 1]
            heading, anchor = above[-1] if above else (None, None)
            found.append(
                Erratum(
                    page=name,
                    line=text.count("\n", 0, box.start()) + 1,
                    title=box["title"][len(prefix) :].strip(),
                    section=heading["text"].strip() if heading else None,
                    anchor=anchor,
                )
            )
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


def render(language: str, config=None) -> str:
    """The errata page's body, as Markdown."""
    errata = collect(language, config)
    if not errata:
        return NONE[language] + "\n"
    lines = [INTRO[language].format(count=len(errata)), ""]
    paths = chapters(language)
    for name in dict.fromkeys(erratum.page for erratum in errata):
        number = int(CHAPTER.match(name)[1])
        lines += ["", CHAPTER_HEADING[language].format(n=number, title=title_of(paths[name])), ""]
        for erratum in (e for e in errata if e.page == name):
            section = IN_SECTION[language].format(section=erratum.section) if erratum.section else ""
            lines.append(f"- [{_link_text(erratum.title)}]({erratum.link}){section}")
    return "\n".join(lines) + "\n"


def fill(markdown: str, language: str, config=None) -> str:
    """A page's Markdown with the errata placeholder, if any, replaced by the errata list."""
    if PLACEHOLDER not in markdown:
        return markdown
    return markdown.replace(PLACEHOLDER, render(language, config))
