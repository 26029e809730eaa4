"""What the Markdown pages under docs/ contain: languages, snippet includes, images.

The build hook and the site tests both read pages through this module, so the
rules ("a page exists in every language", "code comes from snippets/") are
written once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
FIGURES = DOCS / "assets" / "figures"  # drawn by docs_tools.inputs.figures from snippets/*/fig_*.py
LANGUAGES = ("zh", "en")  # the first is the default language, served at /
# docs/<lang>/notebooks/: the chapter notebooks and their pages, generated (docs_tools.notebooks.chapter_notebooks).
FOLDER = "notebooks"

# `--8<-- "snippets/…"` lines, as pymdownx.snippets reads them.
INCLUDE = re.compile(r'^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]+"(?P<target>[^"]+)"[ \t]*$', re.M)
# Markdown images: ![alt](target "title"){ attrs }; the alt text may hold brackets ("[3, 1]").
IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)(?P<attrs>\{[^}]*\})?"
)
# Fenced code blocks: opening fence, info string, body, closing fence.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.S | re.M,
)
PYTHON_LANGS = {"py", "python", "python3", "pycon", "py3", "ipython"}


@dataclass(frozen=True)
class Fence:
    page: Path
    line: int  # of the opening fence, from 1
    language: str
    body: str
    indent: str = ""

    @property
    def end_line(self) -> int:
        """The line of the closing fence, from 1."""
        return self.line + self.body.count("\n") + 1

    @property
    def includes_only(self) -> bool:
        """True when every non-blank line of the block is a snippet include."""
        lines = [line for line in self.body.splitlines() if line.strip()]
        return bool(lines) and all(INCLUDE.match(line) for line in lines)


def pages(language: str) -> dict[str, Path]:
    """Markdown pages of one language written by hand, keyed by their path inside the language folder."""
    folder = DOCS / language
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.md")) if p.relative_to(folder).parts[0] != FOLDER}


def fences(page: Path, text: str | None = None) -> list[Fence]:
    """The fenced code blocks of a page (of `text`, the page as the build changed it, if given)."""
    text = page.read_text(encoding="utf-8") if text is None else text
    found = []
    for match in FENCE.finditer(text):
        info = match["info"].strip().lstrip("{").strip()
        language = info.split()[0].lstrip(".").lower() if info else ""
        line = text.count("\n", 0, match.start()) + 1
        found.append(Fence(page, line, language, match["body"], match["indent"]))
    return found


def includes(page: Path) -> list[str]:
    """Snippet files a page includes, in order of appearance."""
    return [match["target"] for match in INCLUDE.finditer(page.read_text(encoding="utf-8"))]


def images(page: Path) -> list[str]:
    """Image targets of a page, in order of appearance, as written."""
    return [match["target"] for match in IMAGE.finditer(page.read_text(encoding="utf-8"))]


def resolve_image(page: Path, target: str) -> Path | None:
    """The file an image target points at, or None for remote/absolute targets."""
    if re.match(r"^[a-z]+:", target) or target.startswith("/"):
        return None
    return (page.parent / target.split("#")[0]).resolve()


def missing_translations() -> list[str]:
    """One message per page that exists in some languages but not in all of them."""
    by_language = {lang: set(pages(lang)) for lang in LANGUAGES}
    every = set().union(*by_language.values())
    return [
        f"docs/{lang}/{name} is missing: docs/"
        f"{next(other for other in LANGUAGES if name in by_language[other])}/{name} has no translation"
        for name in sorted(every)
        for lang in LANGUAGES
        if name not in by_language[lang]
    ]


def language_root(language: str) -> str:
    """Where a language's pages live inside the built site ("" for the default language, else "en/")."""
    return "" if language == LANGUAGES[0] else f"{language}/"
