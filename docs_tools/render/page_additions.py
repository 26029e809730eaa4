"""What the build adds to every page, in the page's language.

- Markdown: each generated figure gets a caption naming the script that drew
  it; each chapter page links to its notebook (view it, download it); the
  version placeholders (``{{ torch_version }}`` ...) are filled in from the
  environment that builds the site (docs_tools.versions).
- Code: highlighted with fewer elements (:class:`PlainTokens`, a Pygments
  filter that mkdocs.yml and docs_tools.notebooks.notebook_html give the lexers): names,
  operators, punctuation, whitespace and numbers are plain text in the code's
  colour; keywords, built-ins, strings, comments, prompts and outputs keep
  their colours. Every token in its own <span> made chapter 3 over 8,000
  elements of code, and the browser's style and layout work grows with them
  (README, Lighthouse).
- HTML: the output lines of doctest blocks are marked, each run of them as
  one element, so the copy button copies only the code
  (docs/assets/stylesheets/doctest.css hides prompts and outputs while
  Material copies); every page ends with the "verified with" stamp.
"""

from __future__ import annotations

import html as htmlmod
import re

from pygments.filter import Filter
from pygments.token import Name, Number, Operator, Punctuation, Text

from docs_tools import versions
from docs_tools.pages import FIGURES, FOLDER, IMAGE

CAPTION = {
    "zh": "图：由 <code>{script}</code> 生成",
    "en": "Figure drawn by <code>{script}</code>",
}
NOTEBOOK_LINKS = {
    "zh": "本章的代码也可以作为 Jupyter notebook 运行：[在线查看]({view}) · {download}",
    "en": "This chapter's code is also a Jupyter notebook: [view it online]({view}) · {download}",
}
DOWNLOAD = {"zh": "下载 {name}", "en": "download {name}"}
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
FIGURE_URL = "assets/figures/"

_H1 = re.compile(r"^# .*$", re.M)
_PYCON_BLOCK = re.compile(r'(<div class="language-pycon highlight"><pre>(?:<span></span>)?<code>)(.*?)(</code></pre></div>)', re.S)
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_PROMPT = '<span class="gp">'
_WHOLE_OUTPUT_LINE = re.compile(r'<span class="go">([^<]*)</span>(\n?)')
# A run of output lines, as mark_doctest_output wraps it (docs_tools.render.search_index leaves it out of the index).
OUTPUT_RUN = '<span class="go doctest-output">'
_ARTICLE_END = re.compile(r"(</article>)")


class UnknownFigure(ValueError):
    """A page shows a figure that no figure script draws."""


def caption_figures(markdown: str, language: str, drawn_by: dict[str, str], where: str) -> str:
    """Each image under assets/figures/ gets a caption naming its script (and lazy loading, and its size)."""

    def caption(match: re.Match) -> str:
        target = match["target"]
        if FIGURE_URL not in target:
            return match[0]
        key = target.split(FIGURE_URL, 1)[1]
        script = drawn_by.get(key)
        if script is None:
            raise UnknownFigure(f"{where}: image {FIGURE_URL}{key} is not drawn by any snippets/*/fig_*.py script")
        image = match[0][: len(match[0]) - len(match["attrs"] or "")]
        attrs = match["attrs"] or "{" + figure_attributes(FIGURE_URL + key) + " }"
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


def figure_attributes(src: str) -> str:
    """' loading="lazy" width=".." height=".."' for a figure of the site (its size from the drawn SVG, in CSS pixels).

    The browser fetches it only when the reader scrolls near it, and keeps its
    place in the layout meanwhile."""
    attributes = ' loading="lazy" decoding="async"'
    svg = FIGURES / src.split(FIGURE_URL, 1)[1]
    if svg.is_file():
        head = svg.read_text(encoding="utf-8")[:2000]
        size = re.search(r'<svg\b[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"', head)
        if size:
            width, height = (round(float(value) * 4 / 3) for value in size.groups())
            attributes += f' width="{width}" height="{height}"'
    return attributes


def download_link(language: str, chapter: str, folder: str = "") -> str:
    """The Markdown link that downloads the notebook of `chapter` (NN-topic.md).

    folder: the notebooks' folder as seen from the linking page ("notebooks/"
    from the chapter page; "" from the notebook's own page, which sits beside it).
    """
    download = chapter.replace(".md", ".ipynb")
    return f'[{DOWNLOAD[language].format(name=download)}]({folder}{download}){{download="{download}"}}'


class PlainTokens(Filter):
    """A Pygments filter: names, operators, punctuation, whitespace and numbers become plain text.

    Material colours names as the code's text, or nearly (operators and
    punctuation a lighter grey); as plain text, the formatter writes a line
    such as ``x = torch.tensor([1, 2])`` with one span instead of ten.
    Numbers (and module names after ``import``) are the commonest tokens in
    tensor code: a span each made 930 of chapter 3 notebook's 4,500
    elements, and the browser's style work at start-up grows with them
    (README, Lighthouse). Keywords, built-ins, functions, classes, strings,
    comments, prompts and outputs keep their colours.
    """

    PLAIN = (Name, Name.Namespace, Operator, Operator.Word, Punctuation, Text.Whitespace)

    def filter(self, lexer, stream):
        for kind, value in stream:
            yield (Text if kind in self.PLAIN or kind in Number else kind), value


def mark_doctest_output(html: str) -> str:
    """Mark the output lines of doctest blocks (lines without a prompt): each run of them becomes one element."""

    def block(match: re.Match) -> str:
        if OUTPUT_RUN in match[2]:
            return match[0]  # marked already
        parts, run = [], []

        def close_run():
            if run:
                parts.append(OUTPUT_RUN + "".join(run) + "</span>")
                run.clear()

        for line in _LINE.findall(match[2]):
            if line.startswith(_PROMPT):
                close_run()
                parts.append(line)
            else:  # an output line: its own <span class="go"> is the run's
                whole = _WHOLE_OUTPUT_LINE.fullmatch(line)
                run.append(whole[1] + whole[2] if whole else line)
        close_run()
        return match[1] + "".join(parts) + match[3]

    return _PYCON_BLOCK.sub(block, html)


def stamp(output: str, language: str) -> str:
    """The "verified with" line at the end of the page's article."""
    text = STAMP[language].format(stamp=htmlmod.escape(versions.stamp_text(language)))
    return _ARTICLE_END.sub(
        lambda m: f'<p class="verified-stamp" data-search-exclude><small>{text}</small></p>\n{m[1]}', output, count=1
    )
