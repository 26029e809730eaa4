"""Formulas rendered to MathML when the site is built.

Pages write TeX in pymdownx.arithmatex syntax (``$...$``, ``$$...$$``), which
arrives in the HTML as ``<span class="arithmatex">\\(...\\)</span>`` and
``<div class="arithmatex">\\[...\\]</div>``. The build replaces each with
MathML written by Temml (npm, ``package.json``; a fork of KaTeX that keeps its
TeX parser and writes MathML Core, which every current browser lays out).
One ``<math>`` element per formula, for the eye and for screen readers alike:
KaTeX's HTML copy of each formula (a dozen nested spans per symbol, with the
MathML repeated for screen readers) made chapter 4 three times the DOM it
needed, and the browser's style and layout work with it (README, Lighthouse).

Browsers lay MathML out with a font that has an OpenType MATH table. The
build ships one: Noto Sans Math (npm ``@fontsource/noto-sans-math``, SIL Open
Font License), cut down to the characters of :data:`CHARACTERS` (fontTools,
with matplotlib), about 33 KiB, loaded only by pages that show a formula;
tests/test_page_weight.py checks that it covers every character the site's
formulas use. The stylesheet is Temml's (its fixes for Chromium and WebKit)
pointed at that font. No script runs, nothing is fetched from another host,
and TeX that Temml cannot parse stops the build with the page and the
formula in the message. (The module keeps its old name for its callers:
docs_tools/hooks.py, docs_tools/notebooks/notebook_html.py.)
"""

from __future__ import annotations

import atexit
import html
import io
import json
import os
import re
import select
import shutil
import subprocess
from pathlib import Path

from docs_tools.pages import ROOT



def _node_modules() -> Path:
    """node_modules of the checkout being built, else of the checkout this package was
    installed from (`pip install -e .`): the tests build throw-away copies of the sources."""
    here = ROOT / "node_modules"
    if (here / "temml").is_dir():
        return here
    try:
        from importlib.metadata import distribution

        origin = json.loads(distribution("pytorch-basics-bilingual").read_text("direct_url.json") or "{}")
        url = origin.get("url", "")
        if url.startswith("file://"):
            installed = Path(url[len("file://") :]) / "node_modules"
            if (installed / "temml").is_dir():
                return installed
    except Exception:  # not installed, or installed without a record of where from
        pass
    return here


NODE_MODULES = _node_modules()
TEMML = NODE_MODULES / "temml"
DIST = TEMML / "dist"
FONT_SOURCE = NODE_MODULES / "@fontsource" / "noto-sans-math" / "files" / "noto-sans-math-latin-400-normal.woff"
SCRIPT = Path(__file__).with_name("formulas_render.mjs")
ASSETS = "assets/math"  # inside the built site
STYLESHEET = f"{ASSETS}/math.css"
FONT = "NotoSansMath.woff"  # beside the stylesheet
FONT_FAMILY = "Noto Sans Math subset"
# Temml's own small font (primes, \mathscr), which its stylesheet names.
TEMML_FONT = "Temml.woff2"
# Temml answers in milliseconds; a node process that says nothing for this long is hung.
REPLY_TIMEOUT_S = 30
MISSING = "Temml and the math font are not installed in node_modules/: run `make install` (it runs `npm ci`)"


def _span(first: int, last: int) -> str:
    return "".join(map(chr, range(first, last + 1)))


# What the shipped font can draw: the characters formulas are made of, and no
# more (each adds its glyph and the MATH table's larger variants of it; the
# font is fetched, at high priority, by every page with a formula). A formula
# using another one gets it from the reader's own math font, if any:
# tests/test_page_weight.py fails when the site's formulas use one not listed.
CHARACTERS = "".join(
    [
        _span(0x20, 0x7E),  # ASCII
        _span(0x391, 0x3A9) + _span(0x3B1, 0x3C9) + "\u03d1\u03d5\u03d6\u03f1\u03f5",  # Greek, and its variant forms
        _span(0x1D434, 0x1D467) + _span(0x1D6E2, 0x1D71B) + "\u210e",  # italic Latin and Greek: every single-letter variable
        "\u2131\u2112\u2133\u2113",  # \mathcal{F}, \mathcal{L}, \mathcal{M}, \ell
        "\u00a0\u00ac\u00b1\u00b7\u00d7\u00f7\u02c6\u02c7\u02d9\u02dc\u00a8\u00af\u2032\u2033\u2034",  # signs, accents, primes
        "\u2009\u2005\u2004\u200a\u2016\u2026\u203e\u20d7",  # spaces, \| \dots \overline \vec
        "\u2190\u2192\u2194\u21d0\u21d2\u21d4\u21a6",  # arrows
        "\u2200\u2202\u2203\u2205\u2207\u2208\u2209\u220f\u2211\u2212\u2218\u221a\u221d\u221e",  # operators
        "\u2223\u2225\u2227\u2228\u2229\u222a\u222b\u223c\u2248\u2260\u2261\u2264\u2265\u226a\u226b",  # relations
        "\u2282\u2286\u2297\u22a4\u22c5\u22ee\u22ef\u22f1\u25bd",  # sets, products, dots, \bigtriangledown
        "\u2308\u2309\u230a\u230b\u27e8\u27e9\u23de\u23df",  # ceilings, floors, angle brackets, braces
    ]
)
# Where the site's stylesheet differs from Temml's: the font, and display formulas set off from the text.
SITE_RULES = f"""
@font-face {{
  font-family: "{FONT_FAMILY}";
  src: url("{FONT}") format("woff");
  font-display: swap;
}}
math {{
  font-family: "{FONT_FAMILY}", math;
}}
.md-typeset div.arithmatex {{
  margin: 1em 0;
  overflow-x: auto;
  overflow-y: hidden;
}}
"""


class MathError(RuntimeError):
    """Temml is missing, or a formula does not parse."""


def renderer_source() -> str:
    """What the rendered MathML depends on here, for a cache of rendered pages to key on: Temml's release and our script."""
    package = TEMML / "package.json"
    release = json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else "missing"
    return f"temml {release}\n{SCRIPT.read_text(encoding='utf-8')}"


class Renderer:
    """One node process running Temml, reused for every formula of every build."""

    def __init__(self, script: Path = SCRIPT) -> None:
        self._script = script
        self._process: subprocess.Popen | None = None
        self._cache: dict[tuple[str, bool], str] = {}

    def _start(self) -> subprocess.Popen:
        if shutil.which("node") is None:
            raise MathError("rendering formulas needs Node.js (`node`); install Node.js, then `make install`")
        if not (TEMML / "package.json").is_file():
            raise MathError(MISSING)
        process = subprocess.Popen(
            ["node", str(self._script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            # Where `import "temml"` finds the package when SCRIPT is not inside that checkout.
            env={**os.environ, "TEMML_MODULE": (DIST / "temml.mjs").as_uri()},
        )
        atexit.register(self.close)
        return process

    def render(self, tex: str, display: bool) -> str:
        key = (tex, display)
        if key not in self._cache:
            if self._process is None or self._process.poll() is not None:
                self._process = self._start()
            self._process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self._process.stdin.flush()
            ready, _, _ = select.select([self._process.stdout], [], [], REPLY_TIMEOUT_S)
            if not ready:
                self._process.kill()
                self._process = None
                raise MathError(f"the formula process (docs_tools/render/formulas_render.mjs) gave no answer in {REPLY_TIMEOUT_S} s")
            line = self._process.stdout.readline()
            if not line:
                raise MathError("the formula process (docs_tools/render/formulas_render.mjs) stopped; see the error above")
            reply = json.loads(line)
            if "error" in reply:
                raise MathError(reply["error"])
            self._cache[key] = reply["html"]
        return self._cache[key]

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.stdin.close()
            self._process.wait(timeout=10)
        self._process = None


renderer = Renderer()


def render_tex(tex: str, display: bool, where: str) -> str:
    try:
        return renderer.render(tex.strip(), display)
    except MathError as error:
        raise MathError(f"{where}: cannot render formula {tex.strip()!r}: {error}") from error


def render_arithmatex(page_html: str, where: str) -> tuple[str, int]:
    """Replace arithmatex's TeX with MathML; returns the new HTML and the number of formulas.

    A display formula keeps its wrapper's tag (a <div> from Markdown, a <span>
    inside a notebook's paragraph: docs_tools.notebooks.notebook_html)."""

    def replace(match: re.Match) -> str:
        display = match["open"] == "\\["
        rendered = render_tex(html.unescape(match["tex"]), display, where)
        return rendered if not display else f'<{match["tag"]} class="arithmatex">{rendered}</{match["tag"]}>'

    return ARITHMATEX.subn(replace, page_html)


def arithmatex(tex: str, display: bool) -> str:
    """`tex` as pymdownx.arithmatex writes it into a page, for :func:`render_arithmatex` to render (in a paragraph)."""
    escaped = html.escape(tex, quote=False)
    return f'<span class="arithmatex">\\[{escaped}\\]</span>' if display else f'<span class="arithmatex">\\({escaped}\\)</span>'


def stylesheet() -> str:
    """Temml's stylesheet (its fixes for Chromium and WebKit), with the site's font."""
    css = (DIST / "Temml-Local.css").read_text(encoding="utf-8")
    return css + SITE_RULES


def subset_font() -> bytes:
    """Noto Sans Math with only :data:`CHARACTERS` (and the MATH table's variants of them), as WOFF."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"  # WOFF2 would need the brotli module
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = TTFont(FONT_SOURCE, recalcTimestamp=False)  # the same bytes every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in CHARACTERS])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


_font_cache: dict[tuple[str, int, float], bytes] = {}


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def copy_assets(site_dir: Path) -> None:
    """The math stylesheet and fonts, written into the built site (only what changed)."""
    if not (DIST / "Temml-Local.css").is_file() or not FONT_SOURCE.is_file():
        raise MathError(MISSING)
    target = Path(site_dir) / ASSETS
    _write_if_changed(target / "math.css", stylesheet().encode("utf-8"))
    stat = FONT_SOURCE.stat()
    key = (CHARACTERS, stat.st_size, stat.st_mtime)
    if key not in _font_cache:
        _font_cache[key] = subset_font()
    _write_if_changed(target / FONT, _font_cache[key])
    _write_if_changed(target / TEMML_FONT, (DIST / TEMML_FONT).read_bytes())


# arithmatex's generic output (the TeX is HTML-escaped inside).
ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])\s*</(?P=tag)>', re.S
)
