"""What the build adds to every page, in the page's language.

- Markdown: each generated figure gets a caption naming the script that drew
  it; each chapter page links to its notebook (view it, download it); the
  version placeholders (``{{ torch_version }}`` ...) are filled in from the
  environment that builds the site (docs_tools.versions).
- HTML: doctest output lines are marked, so the copy button copies only the
  code (docs/assets/stylesheets/doctest.css hides them while Material copies);
  every page ends with the "verified with" stamp.
"""

from __future__ import annotations

import html as htmlmod
import re

from docs_tools import versions
from docs_tools.notebook_html import download_link
from docs_tools.pages import FOLDER, IMAGE

CAPTION = {
    "zh": "图：由 <code>{script}</code> 生成",
    "en": "Figure drawn by <code>{script}</code>",
}
NOTEBOOK_LINKS = {
    "zh": "本章的代码也可以作为 Jupyter notebook 运行：[在线查看]({view}) · {download}",
    "en": "This chapter's code is also a Jupyter notebook: [view it online]({view}) · {download}",
}
STAMP = {
    "zh": "验证环境：{stamp}。这是构建本站的环境，本页的例子在其中通过测试。",
    "en": "Verified with {stamp}: the environment that built this site, in which this page's examples pass their tests.",
}
# Placeholders a page may use; the build fills them from the environment.
PLACEHOLDERS = {
    "{{ torch_version }}": lambda: versions.verified()["torch"],
    "{{ torchvision_version }}": lambda: versions.verified()["torchvision"],
    "{{ python_version }}": lambda: versions.verified()["python"],
}
FIGURES = "assets/figures/"

_H1 = re.compile(r"^# .*$", re.M)
_PYCON_BLOCK = re.compile(r'(<div class="language-pycon highlight">.*?</code></pre></div>)', re.S)
_OUTPUT_LINE = re.compile(r'<span id="(__span-\d+-\d+)">(?!<span class="gp">)')
_ARTICLE_END = re.compile(r"(</article>)")


class UnknownFigure(ValueError):
    """A page shows a figure that no figure script draws."""


def caption_figures(markdown: str, language: str, drawn_by: dict[str, str], where: str) -> str:
    """Each image under assets/figures/ gets a caption naming its script (and lazy loading)."""

    def caption(match: re.Match) -> str:
        target = match["target"]
        if FIGURES not in target:
            return match[0]
        key = target.split(FIGURES, 1)[1]
        script = drawn_by.get(key)
        if script is None:
            raise UnknownFigure(f"{where}: image {FIGURES}{key} is not drawn by any snippets/*/fig_*.py script")
        image = match[0][: len(match[0]) - len(match["attrs"] or "")]
        attrs = match["attrs"] or '{ loading="lazy" }'
        return f'{image}{attrs}\n<br><small class="figure-source">{CAPTION[language].format(script=script)}</small>'

    return IMAGE.sub(caption, markdown)


def fill_placeholders(markdown: str) -> str:
    for placeholder, value in PLACEHOLDERS.items():
        markdown = markdown.replace(placeholder, value())
    return markdown


def notebook_links(markdown: str, language: str, chapter: str) -> str:
    """The "view / download the notebook" line, right under the title of the chapter page `chapter` (NN-topic.md)."""
    view = f"{FOLDER}/{chapter}"
    links = NOTEBOOK_LINKS[language].format(view=view, download=download_link(language, chapter, f"{FOLDER}/"))
    block = f'\n\n<div class="notebook-links" data-search-exclude markdown>\n\n{links}\n\n</div>\n'
    heading = _H1.search(markdown)
    if heading is None:
        return block.lstrip("\n") + "\n" + markdown
    return markdown[: heading.end()] + block + markdown[heading.end() :]


def mark_doctest_output(html: str) -> str:
    """Mark the output lines of doctest blocks (lines without a prompt)."""
    return _PYCON_BLOCK.sub(lambda block: _OUTPUT_LINE.sub(r'<span id="\1" class="doctest-output">', block[1]), html)


def stamp(output: str, language: str) -> str:
    """The "verified with" line at the end of the page's article."""
    text = STAMP[language].format(stamp=htmlmod.escape(versions.stamp_text(language)))
    return _ARTICLE_END.sub(
        lambda m: f'<p class="verified-stamp" data-search-exclude><small>{text}</small></p>\n{m[1]}', output, count=1
    )
