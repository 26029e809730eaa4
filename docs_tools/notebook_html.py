"""A notebook page as nbconvert renders it, made to look and work like the other pages.

mkdocs-jupyter renders each chapter notebook with nbconvert. :func:`tidy`:

- drops nbconvert's inlined JupyterLab stylesheet (575 KB) and its scripts,
  some of which load MathJax and mermaid from a CDN: Material (plus
  docs/assets/stylesheets/notebook.css) styles the cells like the pages;
- turns nbconvert's highlighted code into Material's code blocks;
- renders the Markdown cells' ``$...$`` and ``$$...$$`` with KaTeX, as the
  pages' formulas are (docs_tools.katex);
- gives headings the pages' slugs (mkdocs-jupyter drops non-ASCII text, so
  Chinese headings had empty ids) and builds the table of contents from them;
- adds a line linking back to the chapter page and to the .ipynb download.
"""

from __future__ import annotations

import html as htmlmod
import re
from pathlib import Path

from mkdocs.structure.toc import get_toc
from pymdownx.slugs import slugify

from docs_tools import katex

DOWNLOAD = {"zh": "下载 {name}", "en": "download {name}"}
BACK_TO_PAGE = {"zh": '返回网页：<a href="{page}">{title}</a>', "en": 'Back to the page: <a href="{page}">{title}</a>'}

# nbconvert's page template loads MathJax (and, for diagrams, mermaid) from a CDN.
_NB_THIRD_PARTY = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->"
    r"|<script type=\"module\">\s*document\.addEventListener\(\"DOMContentLoaded\", async \(\) => \{\s*const diagrams.*?</script>",
    re.S,
)
_NB_STYLE_OR_SCRIPT = re.compile(r"<style\b[^>]*>.*?</style>|<script\b[^>]*>.*?</script>", re.S)
_NB_CLIPBOARD = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>|<div class="clipboard-copy-txt"[^>]*>.*?</div>', re.S
)
# nbconvert's highlighted code: code cells ("highlight-ipynb hl-python") and
# fenced code in Markdown cells ("highlight"); Material wants <pre><code>.
_NB_CODE_BLOCK = re.compile(
    r'<div class="highlight(?:-ipynb hl-(?P<lang>[\w-]+))?"><pre><span></span>(?P<code>.*?)</pre></div>', re.S
)
_NB_HEADING = re.compile(r'<h(?P<level>[1-6]) id="(?P<id>[^"]*)">(?P<text>.*?)<a class="anchor-link" href="#[^"]*">¶</a></h(?P=level)>', re.S)
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_TAG = re.compile(r"<(?P<end>/?)(?P<name>[a-zA-Z][\w-]*)\b[^>]*>")
_CODE_TAGS = {"pre", "code", "script", "style"}
_NB_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_NB_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\])\$")
_SLUGIFY = slugify(case="lower")


def tidy(html: str, page, language: str) -> str:
    """The notebook page's HTML as the site shows it (see the module's docstring); sets page.toc."""
    where = page.file.src_uri
    # nbconvert inlines JupyterLab's whole stylesheet (575 KB) and scripts, some
    # loading from a CDN, into every notebook: drop them all and let Material
    # (plus docs/assets/stylesheets/notebook.css) style the cells like the pages.
    html = _NB_THIRD_PARTY.sub("", html)
    html = _NB_STYLE_OR_SCRIPT.sub("", html)
    html = _NB_CLIPBOARD.sub("", html)
    html = _NB_CODE_BLOCK.sub(
        lambda m: f'<div class="language-{m["lang"] or "text"} highlight"><pre><span></span><code>{m["code"]}</code></pre></div>',
        html,
    )

    def math_in_text(text: str) -> str:
        text = _NB_DISPLAY_MATH.sub(lambda m: katex.render_tex(htmlmod.unescape(m[1]), True, where), text)
        return _NB_INLINE_MATH.sub(lambda m: katex.render_tex(htmlmod.unescape(m[1]), False, where), text)

    # nbconvert leaves Markdown cells' $...$ and $$...$$ as text for MathJax:
    # render them like the pages' formulas, in text outside code.
    parts = []
    code_depth = 0
    for part in _TAG_SPLIT.split(html):
        tag = _TAG.fullmatch(part)
        if tag:
            if tag["name"].lower() in _CODE_TAGS:
                code_depth += -1 if tag["end"] else 1
        elif code_depth <= 0 and "$" in part:
            part = math_in_text(part)  # katex.MathError names the page and the formula
        parts.append(part)
    html = "".join(parts)

    # mkdocs-jupyter's slugs drop non-ASCII text (Chinese headings get empty ids)
    # and its table of contents uses other ids again: use the pages' slugs for both.
    seen: dict[str, int] = {}
    tokens: list[dict] = []

    def heading(match: re.Match) -> str:
        text = re.sub(r"<[^>]+>", "", match["text"]).strip()
        slug = _SLUGIFY(htmlmod.unescape(text), "-") or "section"
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchor = slug if count == 0 else f"{slug}_{count}"
        tokens.append({"level": int(match["level"]), "id": anchor, "name": text, "children": []})
        return (
            f'<h{match["level"]} id="{anchor}">{match["text"]}'
            f'<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a></h{match["level"]}>'
        )

    html = _NB_HEADING.sub(heading, html)
    nested: list[dict] = []
    stack: list[dict] = []
    for token in tokens:
        if token["level"] == 1:
            continue  # the page title
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else nested).append(token)
        stack.append(token)
    page.toc = get_toc(nested)

    chapter = page.file.src_uri.split("/")[-1].replace(".ipynb", ".md")
    title = page.title or chapter
    # The chapter page is two levels up: <language root>/notebooks/<chapter>/ -> <language root>/<chapter>/
    back = BACK_TO_PAGE[language].format(title=htmlmod.escape(title), page=f"../../{chapter.replace('.md', '/')}")
    name = Path(page.file.src_uri).name
    download = f'<a href="{name}" download>{DOWNLOAD[language].format(name=name)}</a>'
    header = f'<p class="notebook-links" data-search-exclude>{back} · {download}</p>\n'
    return header + html
