"""MkDocs hooks: the checks and generated parts that every chapter shares.

- on_config: every page exists in both languages, or the build stops.
- on_pre_build: figures are regenerated from their scripts (docs_tools.figures).
- on_page_markdown: each generated figure gets a caption naming its script.
- on_page_content: doctest output lines are marked, so the copy button copies
  only the code (see docs/assets/stylesheets/doctest.css).
"""

from __future__ import annotations

import logging
import re

from mkdocs.exceptions import PluginError

from docs_tools import figures, pages

log = logging.getLogger("mkdocs.hooks.docs_tools")

_figure_scripts: dict[str, str] = {}  # "03-tensors/broadcast.svg" -> "snippets/03-tensors/fig_broadcast.py"

CAPTION = {
    "zh": "图：由 <code>{script}</code> 生成",
    "en": "Figure drawn by <code>{script}</code>",
}


def on_config(config, **kwargs):
    missing = pages.missing_translations()
    if missing:
        raise PluginError("every page needs both languages:\n  " + "\n  ".join(missing))
    return config


def on_pre_build(config, **kwargs):
    try:
        made = figures.generate(log=log.info)
    except figures.FigureScriptError as error:
        raise PluginError(str(error)) from error
    _figure_scripts.clear()
    for figure, script in made.items():
        key = figure.relative_to(figures.OUTPUT).as_posix()
        _figure_scripts[key] = script.relative_to(pages.ROOT).as_posix()


_FIGURE_IMAGE = re.compile(r"^(?P<image>!\[[^\]]*\]\((?:\.\./)*assets/figures/(?P<key>[^)\s]+\.svg)\))(?P<attrs>\{[^}]*\})?[ \t]*$", re.M)


def on_page_markdown(markdown, page, config, **kwargs):
    language = config["theme"]["language"]

    def caption(match: re.Match) -> str:
        script = _figure_scripts.get(match["key"])
        if script is None:
            raise PluginError(
                f"{page.file.src_uri}: image assets/figures/{match['key']} is not drawn by any snippets/*/fig_*.py script"
            )
        attrs = match["attrs"] or '{ loading="lazy" }'
        return f"{match['image']}{attrs}\n<br><small class=\"figure-source\">{CAPTION[language].format(script=script)}</small>"

    return _FIGURE_IMAGE.sub(caption, markdown)


_PYCON_BLOCK = re.compile(r'(<div class="language-pycon highlight">.*?</code></pre></div>)', re.S)
_LINE = re.compile(r'<span id="(__span-\d+-\d+)">(?!<span class="gp">)')


def on_page_content(html, **kwargs):
    """Give every pycon line that is not a prompt line the class doctest-output."""

    def mark(block: re.Match) -> str:
        return _LINE.sub(r'<span id="\1" class="doctest-output">', block[1])

    return _PYCON_BLOCK.sub(mark, html)
