"""The 勘误表 / Errata pages list every erratum box and lead to it; search still finds the boxes' text.

docs_tools/errata.py collects the collapsed `??? warning "勘误：…"` /
`??? warning "Erratum: …"` boxes of the chapter pages and fills each
language's errata page: grouped by chapter, each entry linking to the nearest
heading above its box.
"""

from __future__ import annotations

import html as htmlmod
import json
import re
from collections import Counter

import pytest

from docs_tools import errata
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


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_errata_page_lists_every_box_and_leads_to_it(built_site, language, collected):
    site = folder(built_site, language)
    page = (site / "errata" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    entries = re.findall(r'<li><a href="\.\./([\w-]+)/(?:#([^"]*))?">(.*?)</a>', article)
    assert len(entries) == len(collected[language]), f"{language}: {len(entries)} entries for {len(collected[language])} boxes"
    assert "{{ errata }}" not in page
    prefix = errata.TITLE_PREFIX[language].strip()
    problems = []
    for (chapter, anchor, title), erratum in zip(entries, collected[language]):
        target = (site / chapter / "index.html").read_text(encoding="utf-8")
        title = text(title)
        # The box, by its title, on the chapter page.
        wanted = re.sub(r"\s", "", prefix + title)
        boxes = [m for m in re.finditer(r"<summary>(.*?)</summary>", target, re.S) if re.sub(r"\s", "", text(m[1])) == wanted]
        if not boxes:
            problems.append(f"{chapter}: no box titled {title!r}")
            continue
        if not anchor:
            continue
        anchor = htmlmod.unescape(anchor)
        heading = re.search(rf'<h([2-6]) id="{re.escape(anchor)}"', target)
        if heading is None:
            problems.append(f"{chapter}#{anchor}: no such heading")
            continue
        # The heading is the last one above the box.
        between = target[heading.end() : boxes[0].start()]
        if boxes[0].start() < heading.start() or re.search(r"<h[2-6] id=", between):
            problems.append(f"{chapter}#{anchor} is not the nearest heading above {title!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_errata_are_grouped_by_chapter_in_order(built_site, language, collected):
    page = (folder(built_site, language) / "errata" / "index.html").read_text(encoding="utf-8")
    chapters = [int(n) for n in re.findall(r"<h2 id=[^>]*>\D*(\d+)", page)]
    assert chapters == sorted(set(chapters)) and len(chapters) == len({e.page for e in collected[language]})


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_text_inside_a_collapsed_erratum(built_site, language):
    """Material indexes the content of <details>: a reader can search for what an erratum says."""
    site = folder(built_site, language)
    chapter = (site / "03-tensors" / "index.html").read_text(encoding="utf-8")
    box = re.search(r'<details class="warning">(.*?)</details>', chapter, re.S)
    assert box, "03-tensors has no collapsed erratum box"
    paragraphs = [text(p) for p in re.findall(r"<p>(.*?)</p>", box[1], re.S)]
    phrase = max(paragraphs, key=len)[:24].strip()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = text(" ".join(doc["text"] for doc in index["docs"]))
    assert phrase in indexed, f"{language}: the search index lacks {phrase!r} from a collapsed erratum box"
