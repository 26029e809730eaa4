"""Every chapter is a step on a learning path: what it covers, exercises with solutions, a summary.

- Each chapter opens with an "本章内容 / In this chapter" box that names its
  prerequisites, and has a "小结 / Summary" of 3 to 6 points.
- Chapters 2-9 have at least three exercises, each solution a doctest snippet
  in a collapsed "参考答案 / Solution" box (so it is tested like every block).
- Erratum boxes are collapsed; each chapter has one collapsed "how this
  chapter is verified" box, last.
"""

from __future__ import annotations

import re

import pytest

from docs_tools.notebooks import chapter_notebooks
from docs_tools.pages import LANGUAGES, ROOT

WORDS = {
    "zh": {"opening": '!!! abstract "本章内容"', "prerequisites": "前置章节", "summary": "## 小结",
           "solution": '??? success "参考答案"', "verified": '??? info "这一章是怎样验证的"', "erratum": "勘误"},
    "en": {"opening": '!!! abstract "In this chapter"', "prerequisites": "Prerequisites", "summary": "## Summary",
           "solution": '??? success "Solution"', "verified": '??? info "How this chapter is verified"', "erratum": "Erratum"},
}
CHAPTERS = [(language, name) for language in LANGUAGES for name in sorted(chapter_notebooks.chapters(language))]


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = re.search(r"^#{1,2} ", text[start + len(heading) :], re.M)
    return text[start : start + len(heading) + (following.start() if following else len(text))]


@pytest.mark.parametrize(("language", "name"), CHAPTERS, ids=[f"{language}/{name}" for language, name in CHAPTERS])
def test_chapter_shape(language, name):
    words = WORDS[language]
    text = chapter_notebooks.chapters(language)[name].read_text(encoding="utf-8")
    title_and_box = text.split("\n## ", 1)[0]
    assert words["opening"] in title_and_box, f"docs/{language}/{name}: no '{words['opening']}' box before the first section"
    assert words["prerequisites"] in title_and_box, f"docs/{language}/{name}: the opening box names no prerequisites"
    assert words["summary"] in text, f"docs/{language}/{name}: no summary"
    points = re.findall(r"^- ", section(text, words["summary"]).split("??? info")[0], re.M)
    assert 3 <= len(points) <= 6, f"docs/{language}/{name}: the summary has {len(points)} points, not 3 to 6"
    assert text.count(words["verified"]) == 1, f"docs/{language}/{name}: needs exactly one '{words['verified']}' box"
    assert text.rstrip().rfind(words["verified"]) > text.rfind(words["summary"]), f"docs/{language}/{name}: the verification box comes last"
    assert not re.search(rf'^\s*!!! warning "{words["erratum"]}', text, re.M), f"docs/{language}/{name}: an erratum box is not collapsed"
    if name >= "02":
        solutions = re.findall(
            rf'^(\s*){re.escape(words["solution"])}\n(?:\1[ \t]*\n)*\1    ```pycon\n\1    --8<-- "(snippets/[^"]+\.pycon)"',
            text,
            re.M,
        )
        assert len(solutions) >= 3, f"docs/{language}/{name}: {len(solutions)} exercises with a doctested solution, not 3"
        assert all((ROOT / target).is_file() for _, target in solutions)
