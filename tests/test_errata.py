"""Errata: a one-line note in the chapter, the full erratum with its test on the 勘误表 / Errata page.

docs_tools/content/errata.py reads the `??? warning "勘误：…"` / `??? warning
"Erratum: …"` boxes of the chapter sources, replaces each with a note linking
to the errata page, and writes them there in full, grouped by chapter, each
linking back to the section it corrects. These tests also hold the chapters to
the reading rules: errata are short, never back to back, never before what
they correct, and never a section's only content.
"""

from __future__ import annotations

import html as htmlmod
import json
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from docs_tools.content import errata
from docs_tools.pages import LANGUAGES, language_root

TAGS = re.compile(r"<[^>]+>")


def text(html: str) -> str:
    return " ".join(htmlmod.unescape(TAGS.sub(" ", html)).replace("\u200b", "").split())


def folder(site, language):
    return site / language_root(language)


@pytest.fixture(scope="module")
def collected():
    md = errata._markdown()
    return {language: errata.collect(language, md=md) for language in LANGUAGES}


def test_both_languages_have_the_same_errata_per_chapter(collected):
    counts = {language: Counter(e.page for e in found) for language, found in collected.items()}
    assert counts["zh"], "no erratum boxes found"
    assert counts["zh"] == counts["en"], f"errata per chapter differ: zh {dict(counts['zh'])}, en {dict(counts['en'])}"


def test_headings_in_code_blocks_are_not_sections(tmp_path, monkeypatch):
    page = tmp_path / "zh" / "01-demo.md"
    page.parent.mkdir()
    page.write_text(
        "# 演示\n\n## 安装\n\n```bash\n# 不是标题\n```\n\n"
        '??? warning "勘误：第一条"\n    正文\n\n## 安装\n\n??? warning "勘误：第二条"\n    正文\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(errata.pages, "DOCS", tmp_path)
    found = errata.collect("zh", md=errata._markdown())
    assert [(e.title, e.section, e.link) for e in found] == [
        ("第一条", "安装", "01-demo.md#安装"),
        ("第二条", "安装", "01-demo.md#安装_1"),  # the second heading of the same name
    ]


class _Blocks(HTMLParser):
    """The top-level blocks of a page's <article> in order, as (tag, classes, text)."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = None  # inside <article>: how deep
        self.blocks: list[list] = []

    def handle_starttag(self, tag, attrs):
        if self.depth is None:
            if tag == "article":
                self.depth = 0
            return
        if tag in self.VOID:
            return
        if self.depth == 0:
            self.blocks.append([tag, (dict(attrs).get("class") or "").split(), ""])
        self.depth += 1

    def handle_endtag(self, tag):
        if self.depth is None or tag in self.VOID:
            return
        if self.depth == 0:  # </article>
            self.depth = None
            return
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.blocks:
            self.blocks[-1][2] += data


def blocks(html: str) -> list[tuple[str, list[str], str]]:
    parser = _Blocks()
    parser.feed(html)
    return [(tag, classes, "".join(text.split())) for tag, classes, text in parser.blocks]


def is_note(block) -> bool:
    return block[0] == "p" and "erratum-note" in block[1]


def test_the_block_reader_sees_notes_headings_and_boxes():
    html = (
        '<article><h1>T</h1><h2 id="a">A</h2><p>text <a href="x">x</a></p><div class="highlight"><pre>code<br></pre></div>'
        '<p class="erratum-note"><a href="errata/#x">勘误：一</a></p><details class="warning"><summary>S</summary><p>b</p></details></article>'
    )
    assert [(tag, classes) for tag, classes, _ in blocks(html)] == [
        ("h1", []), ("h2", []), ("p", []), ("div", ["highlight"]), ("p", ["erratum-note"]), ("details", ["warning"])
    ]
    assert is_note(blocks(html)[4]) and blocks(html)[4][2] == "勘误：一"


def chapter_pages(site, language):
    folder = site / language_root(language)
    return {name: (folder / name.removesuffix(".md") / "index.html").read_text(encoding="utf-8") for name in errata.chapters(language)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_errata_do_not_interrupt_the_chapters(built_site, language):
    """A chapter shows each erratum as one short note, at most 10 % of its text, never two in a row,
    never first in a section, and no section holds only errata."""
    problems = []
    for name, html in chapter_pages(built_site, language).items():
        found = blocks(html)
        total = sum(len(text) for _, classes, text in found if "verified-stamp" not in classes)
        boxed = [b for b in found if b[0] == "details" and "warning" in b[1]]
        if boxed:
            problems.append(f"{name}: {len(boxed)} erratum box(es) left in the chapter")
        share = sum(len(b[2]) for b in found if is_note(b) or b in boxed) / total
        if share > 0.10:
            problems.append(f"{name}: errata are {share:.0%} of the chapter's text (at most 10 %)")
        for before, block in zip(found, found[1:]):
            if not is_note(block):
                continue
            if is_note(before):
                problems.append(f"{name}: two erratum notes back to back: {before[2]!r}, {block[2]!r}")
            elif re.fullmatch(r"h[1-6]", before[0]):
                problems.append(f"{name}: erratum note {block[2]!r} comes first in its section {before[2]!r}, before what it corrects")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_chapter_section_teaches_more_than_its_errata(built_site, language):
    problems = []
    for name, html in chapter_pages(built_site, language).items():
        section, content = None, []
        for block in [*blocks(html), ("h2", [], "(end)")]:
            if re.fullmatch(r"h[2-6]", block[0]):
                if section and content and all(is_note(b) for b in content):
                    problems.append(f"{name}: the section {section!r} holds nothing but errata")
                section, content = block[2], []
            elif "verified-stamp" not in block[1]:
                content.append(block)
    assert not problems, "\n".join(problems)


def test_a_box_becomes_a_note_linking_to_the_full_erratum():
    page = (
        "# 演示\n\n## 安装\n\n正文。\n\n"
        '??? warning "勘误：第一条"\n    笔记原文：\n\n    ```text\n    旧\n    ```\n\n    改正。\n\n后文。\n'
    )
    assert errata.as_notes(page, "zh", "01-demo.md") == (
        "# 演示\n\n## 安装\n\n正文。\n\n"
        '[勘误：第一条](errata.md#01-demo-1 "笔记原文、改正说明及其测试")\n{: .erratum-note }\n\n后文。\n'
    )
    assert errata.as_notes(page, "zh", "index.md") == page  # only chapters carry errata


def test_a_chapter_shows_the_includes_outside_its_errata(tmp_path):
    page = tmp_path / "01-demo.md"
    page.write_text(
        '# 演示\n\n## 安装\n\n```pycon\n--8<-- "snippets/a.pycon"\n```\n\n'
        '??? warning "勘误：第一条"\n    改正：\n\n    ```pycon\n    --8<-- "snippets/b.pycon"\n    ```\n\n后文。\n',
        encoding="utf-8",
    )
    assert errata.shown_includes(page, "zh") == ["snippets/a.pycon"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_errata_page_shows_every_erratum_with_its_test_and_leads_back(built_site, language, collected):
    site = folder(built_site, language)
    page = (site / "errata" / "index.html").read_text(encoding="utf-8")
    assert "{{ errata }}" not in page
    problems = []
    for erratum in collected[language]:
        if not erratum.tests:
            problems.append(f"{erratum.page}:{erratum.line}: no snippet verifies {erratum.title!r}")
        heading = re.search(rf'<h3 id="{re.escape(erratum.id)}">(.*?)</h3>(.*?)(?=<h[23] |</article>)', page, re.S)
        if heading is None:
            problems.append(f"{erratum.id}: not on the errata page")
            continue
        body = heading[2]
        chapter = erratum.page.removesuffix(".md")
        if f'href="../{chapter}/{"#" + erratum.anchor if erratum.anchor else ""}"' not in htmlmod.unescape(body):
            problems.append(f"{erratum.id}: no link back to its section {erratum.anchor!r}")
        if '<pre' not in body or "highlight" not in body:
            problems.append(f"{erratum.id}: shows neither the notes' original nor code")
        # The chapter's note links here.
        chapter_html = (site / chapter / "index.html").read_text(encoding="utf-8")
        if f'href="../errata/#{erratum.id}"' not in chapter_html:
            problems.append(f"{erratum.id}: the chapter has no note linking to it")
        # The anchor it leads back to is a heading of the chapter.
        if erratum.anchor and f'id="{erratum.anchor}"' not in htmlmod.unescape(chapter_html):
            problems.append(f"{erratum.id}: {chapter}#{erratum.anchor}: no such heading")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_errata_are_grouped_by_chapter_in_order(built_site, language, collected):
    page = (folder(built_site, language) / "errata" / "index.html").read_text(encoding="utf-8")
    chapters = [int(n) for n in re.findall(r"<h2 id=[^>]*>\D*(\d+)", page)]
    assert chapters == sorted(set(chapters)) and len(chapters) == len({e.page for e in collected[language]})


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_what_an_erratum_says(built_site, language, collected):
    """The full text of an erratum is on the errata page, which search indexes."""
    site = folder(built_site, language)
    body = max((e.body for e in collected[language] if e.page == "03-tensors.md"), key=len)
    prose = [line for line in body.splitlines() if line and not line.startswith((" ", "`", "-", "|", "!"))]
    phrase = text(max(prose, key=len))[:20].strip()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = text(" ".join(doc["text"] for doc in index["docs"]))
    assert phrase in indexed, f"{language}: the search index lacks {phrase!r} from an erratum"


def test_an_erratum_title_with_a_formula_is_refused(tmp_path, monkeypatch):
    """Titles become table-of-contents entries on the errata page, where TeX would show raw."""
    page = tmp_path / "zh" / "01-demo.md"
    page.parent.mkdir()
    page.write_text('# 演示\n\n## 损失\n\n正文。\n\n??? warning "勘误：损失里的 $\\frac{1}{2}$"\n    正文\n', encoding="utf-8")
    monkeypatch.setattr(errata.pages, "DOCS", tmp_path)
    with pytest.raises(errata.ErrataError, match=r"01-demo.md:7: .*formula or TeX"):
        errata.collect("zh", md=errata._markdown())
