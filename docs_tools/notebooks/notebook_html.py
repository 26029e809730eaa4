"""A chapter notebook as a page of the site, written before MkDocs runs.

:func:`render` turns the notebook (with its outputs) into HTML with nbconvert
and a small template of ours (docs_tools/notebooks/notebook_cells.html.j2: the cells
only, no page around them); it runs in a worker process (docs_tools.workers).
:func:`page` makes that HTML a Markdown page, ``docs/<lang>/notebooks/NN-topic.md``,
that any site generator can build:

- nbconvert's highlighted code (with the pages' lighter markup:
  docs_tools.render.page_additions.PlainTokens) becomes Material's code blocks
  (Material's colours and copy button);
- the Markdown cells' ``$...$`` and ``$$...$$`` are checked, and rendered to
  MathML with the pages' formulas (docs_tools.render.formulas);
- headings get the pages' slugs (Unicode kept, so Chinese headings have ids);
- outputs that carry a script or a stylesheet lose it: the page loads nothing
  from another host; tracebacks lose their ANSI colour spans, which the site
  shows in the text colour anyway;
- front matter gives the title and keeps the page out of search (it repeats
  its chapter page); a line links back to the chapter page and to the
  ``.ipynb`` download beside it.

:func:`toc_tokens` reads the headings back for the table of contents.
"""

from __future__ import annotations

import hashlib
import html as htmlmod
import json
import re
from importlib.metadata import version
from pathlib import Path

from pymdownx.slugs import slugify

from docs_tools.render import formulas, page_additions

TEMPLATE = Path(__file__).with_name("notebook_cells.html.j2")
TITLE = {"zh": "{title}（notebook）", "en": "{title} (notebook)"}
BACK_TO_PAGE = {"zh": "返回网页：[{title}]({page})", "en": "Back to the page: [{title}]({page})"}

_STYLE_OR_SCRIPT = re.compile(r"<style\b[^>]*>.*?</style>|<script\b[^>]*>.*?</script>", re.S)
# ansi2html's spans in tracebacks: classes that no stylesheet here colours, and
# inline colours that docs/assets/stylesheets/colours.css turns to the text colour.
_ANSI_SPAN = re.compile(
    r'<span (?:class="ansi-[\w -]+"(?: style="color: rgb\([\d, ]+\)")?|style="color: rgb\([\d, ]+\)")>(?P<text>[^<]*)</span>'
)
# nbconvert's highlighted code: code cells ("highlight hl-python") and fenced
# code in Markdown cells ("highlight"); Material wants <pre><code>.
_CODE_BLOCK = re.compile(r'<div class="highlight(?: hl-(?P<lang>[\w-]+))?"><pre><span></span>(?P<code>.*?)</pre></div>', re.S)
# A figure in a Markdown cell, shown from the site's figures (docs_tools.notebooks.notebook_markdown).
_FIGURE = re.compile(r'<img\b[^>]*\bsrc="(?P<src>[^"]*assets/figures/[^"]+\.svg)"[^>]*>')
_NB_HEADING = re.compile(r'<h(?P<level>[1-6]) id="(?P<id>[^"]*)">(?P<text>.*?)<a class="anchor-link" href="#[^"]*">¶</a></h(?P=level)>', re.S)
_HEADING = re.compile(r'<h(?P<level>[1-6]) id="(?P<id>[^"]*)">(?P<text>.*?)<a class="headerlink"', re.S)
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_TAG = re.compile(r"<(?P<end>/?)(?P<name>[a-zA-Z][\w-]*)\b[^>]*>")
_CODE_TAGS = {"pre", "code", "script", "style"}
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\])\$")
_SLUGIFY = slugify(case="lower")


def render_key(notebook_text: str) -> str:
    """What the page's HTML depends on: the notebook, the renderer's code and template, nbconvert, the formula renderer."""
    material = [
        notebook_text,
        Path(__file__).read_text(encoding="utf-8"),
        TEMPLATE.read_text(encoding="utf-8"),
        version("nbconvert"),
        formulas.renderer_source(),
        Path(page_additions.__file__).read_text(encoding="utf-8"),  # PlainTokens, figure attributes
    ]
    return hashlib.sha256(json.dumps(material).encode("utf-8")).hexdigest()[:16]


def _as_is(html: str | bytes) -> str:
    """nbconvert's clean_html without the sanitizing (the template passes SVG outputs as bytes)."""
    return html.decode("utf-8") if isinstance(html, bytes) else html


def _highlight_code(source: str, language: str | None = None, metadata=None) -> str:
    """nbconvert's highlight_code filter with the pages' lighter markup (docs_tools.render.page_additions.PlainTokens)."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    language = language or "python"  # the chapter notebooks are Python
    try:
        lexer = get_lexer_by_name(language, filters=[page_additions.PlainTokens()])
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return highlight(source or " ", lexer, HtmlFormatter(cssclass=f"highlight hl-{language}"))


def render(notebook_text: str) -> str:
    """nbconvert's HTML of the notebook's cells (docs_tools/notebooks/notebook_cells.html.j2)."""
    import nbformat
    from nbconvert.exporters.html import HTMLExporter

    exporter = HTMLExporter(
        template_file=TEMPLATE.name,
        extra_template_paths=[str(TEMPLATE.parent)],
        # clean_html runs bleach's sanitizer over every cell (a quarter of the
        # render time); the cells are this project's own pages, snippets and
        # their outputs, not untrusted HTML.
        filters={"clean_html": _as_is, "highlight_code": _highlight_code},
    )
    body, _ = exporter.from_notebook_node(nbformat.reads(notebook_text, as_version=4))
    return body


def tidy(html: str, where: str) -> str:
    """nbconvert's HTML as the site shows it (see the module's docstring); `where` names the page in errors."""
    html = _STYLE_OR_SCRIPT.sub("", html)
    while True:  # IPython's traceback colours, innermost first: they show in the text colour here (colours.css)
        html, count = _ANSI_SPAN.subn(r"\g<text>", html)
        if not count:
            break
    html = _CODE_BLOCK.sub(
        lambda m: f'<div class="language-{m["lang"] or "text"} highlight"><pre><code>{m["code"]}</code></pre></div>',
        html,
    )
    html = _FIGURE.sub(lambda m: m[0][:-1].rstrip("/ ") + page_additions.figure_attributes(m["src"]) + ">", html)

    def formula(tex: str, display: bool) -> str:
        formulas.render_tex(tex, display, where)  # bad TeX stops the build here, naming the notebook page
        return formulas.arithmatex(tex, display)

    def math_in_text(text: str) -> str:
        text = _DISPLAY_MATH.sub(lambda m: formula(htmlmod.unescape(m[1]), True), text)
        return _INLINE_MATH.sub(lambda m: formula(htmlmod.unescape(m[1]), False), text)

    # nbconvert leaves Markdown cells' $...$ and $$...$$ as text for MathJax:
    # they become arithmatex's markup, as the pages' formulas arrive, and are
    # rendered with them (docs_tools.render.formulas; the page then gets the math
    # stylesheet), in text outside code.
    parts = []
    code_depth = 0
    for part in _TAG_SPLIT.split(html):
        tag = _TAG.fullmatch(part)
        if tag:
            if tag["name"].lower() in _CODE_TAGS:
                code_depth += -1 if tag["end"] else 1
        elif code_depth <= 0 and "$" in part:
            part = math_in_text(part)  # formulas.MathError names the page and the formula
        parts.append(part)
    html = "".join(parts)

    # nbconvert's ids are percent-encoded: use the pages' slugs.
    seen: dict[str, int] = {}

    def heading(match: re.Match) -> str:
        text = re.sub(r"<[^>]+>", "", match["text"]).strip()
        slug = _SLUGIFY(htmlmod.unescape(text), "-") or "section"
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchor = slug if count == 0 else f"{slug}_{count}"
        return (
            f'<h{match["level"]} id="{anchor}">{match["text"]}'
            f'<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a></h{match["level"]}>'
        )

    return _NB_HEADING.sub(heading, html)


def page(html: str, language: str, chapter: str, title: str, key: str) -> str:
    """The notebook page's Markdown: front matter, the links line, the tidied cells.

    chapter: the chapter page's file name (NN-topic.md); title: its title;
    key: :func:`render_key` of what was rendered (:func:`rendered_with` reads it back).
    """
    back = BACK_TO_PAGE[language].format(title=title, page=f"../{chapter}")
    links = f"{back} · {page_additions.download_link(language, chapter)}"
    front_matter = json.dumps(
        {"title": TITLE[language].format(title=title), "search": {"exclude": True}, "render_key": key}, ensure_ascii=False
    )
    body = tidy(html, f"docs/{language}/notebooks/{chapter}")
    # JSON is YAML: the front matter needs no YAML writer.
    return f"---\n{front_matter}\n---\n\n{links}\n{{: .notebook-links }}\n\n{body}\n"


def rendered_with(page_text: str) -> str | None:
    """The render key a page written by :func:`page` was made with."""
    found = re.search(r'"render_key": "(\w+)"', page_text[:2000])
    return found[1] if found else None


def toc_tokens(html: str) -> list[dict]:
    """The page's headings below its title, nested, as MkDocs' get_toc() takes them."""
    nested: list[dict] = []
    stack: list[dict] = []
    for match in _HEADING.finditer(html):
        level = int(match["level"])
        if level == 1:
            continue  # the page title
        token = {"level": level, "id": match["id"], "name": re.sub(r"<[^>]+>", "", match["text"]).strip(), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else nested).append(token)
        stack.append(token)
    return nested
