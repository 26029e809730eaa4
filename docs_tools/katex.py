"""Formulas rendered to HTML with KaTeX when the site is built.

Pages write TeX in pymdownx.arithmatex syntax (``$...$``, ``$$...$$``), which
arrives in the HTML as ``<span class="arithmatex">\\(...\\)</span>`` and
``<div class="arithmatex">\\[...\\]</div>``. The build replaces each with
KaTeX's output (HTML for the eye, MathML for screen readers), so a reader's
browser needs only KaTeX's stylesheet and fonts, which the build copies from
``node_modules/katex`` (npm, ``package.json``) into ``assets/katex/``. No
script runs, nothing is fetched from another host, and TeX that KaTeX cannot
parse stops the build with the page and the formula in the message.
"""

from __future__ import annotations

import atexit
import html
import json
import os
import re
import select
import shutil
import subprocess
from pathlib import Path

from docs_tools.pages import ROOT



def _katex_folder() -> Path:
    """node_modules/katex of the checkout being built, else of the checkout this package was
    installed from (`pip install -e .`): the tests build throw-away copies of the sources."""
    here = ROOT / "node_modules" / "katex"
    if here.is_dir():
        return here
    try:
        from importlib.metadata import distribution

        origin = json.loads(distribution("pytorch-basics-bilingual").read_text("direct_url.json") or "{}")
        url = origin.get("url", "")
        if url.startswith("file://"):
            installed = Path(url[len("file://") :]) / "node_modules" / "katex"
            if installed.is_dir():
                return installed
    except Exception:  # not installed, or installed without a record of where from
        pass
    return here


KATEX = _katex_folder()
DIST = KATEX / "dist"
SCRIPT = Path(__file__).with_name("katex_render.mjs")
ASSETS = "assets/katex"  # inside the built site
STYLESHEET = f"{ASSETS}/katex.min.css"
# KaTeX answers in milliseconds; a node process that says nothing for this long is hung.
REPLY_TIMEOUT_S = 30

# arithmatex's generic output (the TeX is HTML-escaped inside).
ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])\s*</(?P=tag)>', re.S
)


class MathError(RuntimeError):
    """KaTeX is missing, or a formula does not parse."""


def renderer_source() -> str:
    """What KaTeX's HTML depends on here, for a cache of rendered pages to key on: its release and our render script."""
    package = KATEX / "package.json"
    release = json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else "missing"
    return f"katex {release}\n{SCRIPT.read_text(encoding='utf-8')}"


class Renderer:
    """One node process running KaTeX, reused for every formula of every build."""

    def __init__(self, script: Path = SCRIPT) -> None:
        self._script = script
        self._process: subprocess.Popen | None = None
        self._cache: dict[tuple[str, bool], str] = {}

    def _start(self) -> subprocess.Popen:
        if shutil.which("node") is None:
            raise MathError("KaTeX needs Node.js (`node`) to render formulas; install Node.js, then `make install`")
        if not (KATEX / "package.json").is_file():
            raise MathError("KaTeX is not installed in node_modules/: run `make install` (it runs `npm ci`)")
        process = subprocess.Popen(
            ["node", str(self._script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            # Where `import "katex"` finds the package when SCRIPT is not inside that checkout.
            env={**os.environ, "KATEX_MODULE": (KATEX / "dist" / "katex.mjs").as_uri()},
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
                raise MathError(f"the KaTeX process (docs_tools/katex_render.mjs) gave no answer in {REPLY_TIMEOUT_S} s")
            line = self._process.stdout.readline()
            if not line:
                raise MathError("the KaTeX process (docs_tools/katex_render.mjs) stopped; see the error above")
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
    """Replace arithmatex's TeX with KaTeX's HTML; returns the new HTML and the number of formulas."""

    def replace(match: re.Match) -> str:
        display = match["open"] == "\\["
        rendered = render_tex(html.unescape(match["tex"]), display, where)
        return rendered if not display else f'<div class="arithmatex">{rendered}</div>'

    return ARITHMATEX.subn(replace, page_html)


def copy_assets(site_dir: Path) -> None:
    """KaTeX's stylesheet and fonts, copied into the built site (only what changed)."""
    if not DIST.is_dir():
        raise MathError("KaTeX is not installed in node_modules/: run `make install` (it runs `npm ci`)")
    target = Path(site_dir) / ASSETS
    # Only the WOFF2 fonts: every browser that renders the site reads them, and
    # the stylesheet stops offering the .woff and .ttf copies (1 MB unused).
    css = _OLD_FONT_FORMATS.sub("", (DIST / "katex.min.css").read_text(encoding="utf-8"))
    stylesheet = target / "katex.min.css"
    if not stylesheet.exists() or stylesheet.read_text(encoding="utf-8") != css:
        stylesheet.parent.mkdir(parents=True, exist_ok=True)
        stylesheet.write_text(css, encoding="utf-8")
    for source in sorted((DIST / "fonts").glob("*.woff2")):
        destination = target / source.relative_to(DIST)
        if not destination.exists() or destination.stat().st_size != source.stat().st_size:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


# In katex.min.css's @font-face rules: `,url(fonts/X.woff) format("woff"),url(fonts/X.ttf) format("truetype")`.
_OLD_FONT_FORMATS = re.compile(r',\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)')
