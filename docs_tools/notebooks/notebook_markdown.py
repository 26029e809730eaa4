"""The prose of a chapter page as notebook Markdown cells.

- Material's admonitions and collapsed boxes (``!!!``, ``???``) become block
  quotes with a bold title; content tabs (``===``) a bold title;
- relative links are pointed at their targets from the notebook's own page
  (rendered two levels below the chapter page, where MkDocs does not rewrite
  them);
- figures: the copy the site renders links to the site's figure files; the
  download has them attached to their cell, so it shows them anywhere.

Code cells come from docs_tools.notebooks.chapter_notebooks, which feeds this builder the page
line by line.
"""

from __future__ import annotations

import base64
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from docs_tools.pages import DOCS, FOLDER, IMAGE, LANGUAGES, ROOT, language_root, resolve_image

_BLOCK_HEADER = re.compile(
    r'^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?|===\+?)[ \t]+(?P<rest>[^\n]*?)[ \t]*$'
)
# Links: [text](target "title") and reference definitions [ref]: target
_LINK = re.compile(r"(?P<head>!?\[[^\]]*\]\()(?P<target>[^)\s]+)")
_LINK_DEFINITION = re.compile(r"^(?P<head>[ >]*\[[^\]]+\]:[ \t]*)(?P<target>\S+)", re.M)


def new_cell(cell_type: str, source: str) -> nbformat.NotebookNode:
    """A code or Markdown cell.

    nbformat's v4.new_code_cell and new_markdown_cell check each cell against
    the schema: seconds per build for the site's 4,000 cells. The notebook is
    checked once, whole, when nbformat writes it.
    """
    cell = {"cell_type": cell_type, "metadata": {}, "source": source}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return nbformat.from_dict(cell)


class NotebookError(RuntimeError):
    """A page could not be turned into a notebook; the message names the page."""


@dataclass
class CellBuilder:
    """Collects a chapter's cells in page order: prose line by line, code cells as they come."""

    page: Path
    language: str
    cells: list = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)
    # Open admonition/tab: (indent of its body, prefix for its lines)
    block: tuple[int, str] | None = None
    # Where the notebook comes from: written right under the page's title.
    note: str = ""
    # Figures inside the notebook (the download) or linked from the site (the rendered page).
    attach: bool = True

    def text(self, line: str) -> None:
        """One line of prose, inside or outside an admonition or tab."""
        if self.block is not None:
            body_indent, prefix = self.block
            stripped = line.strip()
            if not stripped:
                self.markdown.append(prefix.rstrip())
                return
            if len(line) - len(line.lstrip()) >= body_indent:
                self.markdown.append(prefix + line[body_indent:])
                return
            self.block = None
            if self.markdown and self.markdown[-1] == ">":
                self.markdown[-1] = ""  # the quote ends with the admonition
        if self.note and line.startswith("# "):
            self.markdown += [line, "", self.note]
            self.note = ""
            return
        header = _BLOCK_HEADER.match(line)
        if header:
            indent = len(header["indent"])
            rest = header["rest"]
            title = re.search(r'"([^"]*)"', rest)
            if header["marker"].startswith("="):
                self.markdown += ["", f"**{title[1] if title else rest.strip()}**", ""]
                self.block = (indent + 4, "")
            else:
                kind = rest.split()[0] if rest.split() else "note"
                self.markdown += ["", f"> **{title[1] if title else kind.capitalize()}**", ">"]
                self.block = (indent + 4, "> ")
            return
        self.markdown.append(line)

    def flush_markdown(self) -> None:
        lines: list[str] = []
        for line in self.markdown:
            # One quote marker between paragraphs of an admonition is enough.
            if line == ">" and lines and lines[-1] in (">", ""):
                continue
            lines.append(line)
        while lines and lines[0] in (">", ""):
            lines.pop(0)
        while lines and lines[-1] in (">", ""):
            lines.pop()
        text = "\n".join(lines)
        self.markdown.clear()
        if text.strip(" >\n"):
            cell = new_cell("markdown", text)
            if self.attach:
                self._attach_images(cell)
            else:  # attribute lists ({ loading="lazy" }) mean nothing to Jupyter
                cell.source = IMAGE.sub(lambda m: m[0].replace(m["attrs"] or "", ""), cell.source)
            self._relink(cell)
            self.cells.append(cell)

    def _relink(self, cell) -> None:
        """Point the page's relative links (other pages, files) at them from the notebook's page.

        The notebook is rendered at <language root>/notebooks/<chapter>/, two
        levels below its chapter page, and MkDocs does not rewrite its links.
        """
        here = f"{language_root(self.language)}{FOLDER}/{self.page.stem}/"

        def site_path(target: str) -> str | None:
            if re.match(r"^[a-z][\w+.-]*:", target) or target.startswith(("#", "/")):
                return None  # absolute, another scheme, or an anchor on this page
            path, _, anchor = target.partition("#")
            resolved = Path(posixpath.normpath(posixpath.join(self.page.parent.relative_to(DOCS).as_posix(), path)))
            parts = resolved.parts
            inside = "/".join(parts[1:]) if parts and parts[0] in LANGUAGES else resolved.as_posix()
            root = language_root(parts[0]) if parts and parts[0] in LANGUAGES else ""
            if inside.endswith((".md", ".ipynb")):
                stem = inside.rsplit(".", 1)[0]
                inside = "" if stem == "index" else (stem[: -len("/index")] + "/" if stem.endswith("/index") else stem + "/")
            url = root + inside
            relative = posixpath.relpath(url or ".", here.rstrip("/"))
            if url.endswith("/") or not url:
                relative = relative.rstrip("/") + "/"
            return relative + (f"#{anchor}" if anchor else "")

        def replace(match: re.Match) -> str:
            new = site_path(match["target"])
            return match[0] if new is None else match["head"] + new

        cell.source = _LINK_DEFINITION.sub(replace, _LINK.sub(replace, cell.source))

    def _attach_images(self, cell) -> None:
        attachments = {}

        def attach(match: re.Match) -> str:
            target = match["target"]
            path = resolve_image(self.page, target)
            if path is None:  # remote or site-absolute: left as it is
                return match[0].replace(match["attrs"] or "", "")
            if not path.is_file():
                raise NotebookError(f"{self.page.relative_to(ROOT)}: image {target} not found")
            mime = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}.get(
                path.suffix.lower()
            )
            if mime is None:
                return match[0]
            # Attachments are base64, SVG included (Jupyter and nbconvert decode them so).
            payload = base64.b64encode(path.read_bytes()).decode("ascii")
            key = f"{path.parent.name}-{path.name}"
            attachments[key] = {mime: payload}
            return f"![{match['alt']}](attachment:{key})"

        cell.source = IMAGE.sub(attach, cell.source)
        if attachments:
            cell.attachments = attachments

    def code(self, new_cells) -> None:
        self.flush_markdown()
        self.cells.extend(new_cells)
