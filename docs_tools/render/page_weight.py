"""MkDocs hook: lighter figures for the reader (benchmarks/budgets.py measures page weight).

Matplotlib writes SVG for print: coordinates with six decimals, indented
markup, path data over many lines, an RDF metadata block, a comment per text
label. After each build the site's copies of the figures
(``assets/figures/**/*.svg``) get coordinates rounded to 1/100 pt (a figure is
about 700 pt wide) and lose the rest of that; the pictures do not change.
The sources under docs/assets/figures stay matplotlib's output. Embedded
bitmaps (base64 in ``href``) are untouched: they contain no decimal point.
"""

from __future__ import annotations

import re
from pathlib import Path

FIGURES = "assets/figures"  # inside the built site

_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Attributes whose numbers are coordinates in points; transform scales
# (scale(0.015625) of glyph outlines) are left exactly as written.
_COORDINATES = re.compile(r'(?P<head>\s(?:d|x|y|width|height)=")(?P<value>[^"]*)"|(?P<fn>translate\()(?P<args>[^)]*)\)')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
_LINE_BREAK = re.compile(r"\s*\n\s*")


def _round(match: re.Match) -> str:
    text = f"{float(match[0]):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _coordinates(match: re.Match) -> str:
    if match["head"]:
        value = _LINE_BREAK.sub(" ", match["value"]).strip()
        return f'{match["head"]}{_LONG_NUMBER.sub(_round, value)}"'
    return f'{match["fn"]}{_LONG_NUMBER.sub(_round, match["args"])})'


def minify_svg(text: str) -> str:
    """The same picture in fewer bytes (idempotent)."""
    text = _METADATA.sub("", text)
    text = _COMMENT.sub("", text)
    text = _COORDINATES.sub(_coordinates, text)
    return _BETWEEN_TAGS.sub("><", text)


def minify_figures(site_dir: Path) -> None:
    for path in sorted((Path(site_dir) / FIGURES).rglob("*.svg")):
        text = path.read_text(encoding="utf-8")
        smaller = minify_svg(text)
        if smaller != text:
            path.write_text(smaller, encoding="utf-8")


def on_post_build(config, **kwargs):
    minify_figures(Path(config.site_dir))
