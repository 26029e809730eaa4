"""A Jupyter notebook per chapter, generated from the chapter page and its snippet files.

``docs/<lang>/NN-topic.md`` becomes ``docs/<lang>/notebooks/NN-topic.ipynb``
(not committed; the build writes it before it collects the pages, and
mkdocs-jupyter renders it). The notebook follows the page in order:

- prose between code blocks becomes Markdown cells (admonitions become
  block quotes, content tabs a bold title; snippet includes are expanded);
- a ```pycon block that includes ``snippets/…/*.pycon`` becomes code cells:
  the doctest examples (as docs_tools.reader_code shows them in the page's
  language) without prompts or output lines, split so that each cell ends with the example whose output the
  page shows (so running the cell shows that output). An example that the
  page shows raising gets a cell of its own tagged ``raises-exception``; a
  file that shows a NameError starts with ``%reset -f`` (the page runs each
  file in a fresh interpreter, the notebook runs them all in one kernel);
  examples of ``*.gpu.pycon`` files are tagged ``gpu`` (the notebook test
  leaves those out where CUDA is missing);
- a ```python block that includes a module ``snippets/…/name.py`` becomes a
  ``%%writefile name.py`` cell: the page shows a file, the notebook writes it;
- figures: the copy the site renders links to the site's figure files (the
  chapter page loads the same ones); the copy offered for download
  (``download_text``; the build hook writes it beside the rendered page) has
  them attached to their Markdown cell, so it shows them anywhere.

Because page and notebook are both generated from the same files, they cannot
drift; ``python -m docs_tools.notebooks`` writes them all.
"""

from __future__ import annotations

import base64
import doctest
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import v4

from docs_tools import notebook_run, versions
from docs_tools.reader_code import SnippetError, read_for_reader
from docs_tools.pages import DOCS, IMAGE, INCLUDE, LANGUAGES, PYTHON_LANGS, ROOT, language_root, pages, resolve_image

FOLDER = "notebooks"
CHAPTER = re.compile(r"^\d\d-[\w-]+\.md$")

NOTE = {
    "zh": (
        "> 本 notebook 由网页 `{page}` 及其代码片段文件自动生成，与网页内容一致；"
        "验证环境：{stamp}。请按顺序运行；每个代码单元的最后一行就是网页上显示输出的那一行。"
    ),
    "en": (
        "> Generated from the page `{page}` and its snippet files, so it matches the page; "
        "the code is verified with {stamp}. Run the cells in order; each cell ends with the line whose output the page shows."
    ),
}

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")
_BLOCK_HEADER = re.compile(
    r'^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?|===\+?)[ \t]+(?P<rest>[^\n]*?)[ \t]*$'
)
# Links: [text](target "title") and reference definitions [ref]: target
_LINK = re.compile(r"(?P<head>!?\[[^\]]*\]\()(?P<target>[^)\s]+)")
_LINK_DEFINITION = re.compile(r"^(?P<head>[ >]*\[[^\]]+\]:[ \t]*)(?P<target>\S+)", re.M)


class NotebookError(RuntimeError):
    """A page could not be turned into a notebook; the message names the page."""


def chapters(language: str) -> dict[str, Path]:
    """Chapter pages (NN-topic.md) of one language, keyed by file name."""
    return {name: path for name, path in pages(language).items() if CHAPTER.match(name)}


def is_notebook(src_uri: str) -> bool:
    """Whether a file of the site (its path under docs/) is a generated chapter notebook."""
    parts = Path(src_uri).parts
    return len(parts) == 3 and parts[0] in LANGUAGES and parts[1] == FOLDER and src_uri.endswith(".ipynb")


def notebook_path(language: str, name: str) -> Path:
    return DOCS / language / FOLDER / name.replace(".md", ".ipynb")


def page_link(name: str) -> str:
    """The notebook's path relative to its chapter page's source."""
    return f"{FOLDER}/{name.replace('.md', '.ipynb')}"


# --------------------------------------------------------------------------- code cells


def pycon_cells(target: str, language: str, tags: tuple[str, ...] = ()) -> list[nbformat.NotebookNode]:
    """Code cells for one doctest session file, in order, in the reader's language."""
    text = _read(target, language)
    try:
        examples = doctest.DocTestParser().get_examples(text, target)
    except ValueError as error:
        raise NotebookError(f"{target}: not a doctest session: {error}") from error
    # doctest skips prompt lines holding only a comment; the notebook keeps them
    # with the example that follows.
    lines = text.splitlines()
    comments: dict[int, list[str]] = {}
    taken = 0
    for example in examples:
        for number in range(taken, example.lineno):
            if re.match(r">>> *#", lines[number]):
                comments.setdefault(example.lineno, []).append(lines[number][4:].rstrip())
        taken = example.lineno + example.source.count("\n") + (example.want.count("\n") if example.want else 0)
    trailing = [line[4:].rstrip() for line in lines[taken:] if re.match(r">>> *#", line)]
    cells: list[nbformat.NotebookNode] = []
    pending: list[str] = []

    def flush(extra: tuple[str, ...] = ()):
        if pending:
            cell = v4.new_code_cell("\n".join(pending))
            all_tags = list(dict.fromkeys(tags + extra))
            if all_tags:
                cell.metadata["tags"] = all_tags
            cells.append(cell)
            pending.clear()

    for example in examples:
        source = "\n".join([*comments.get(example.lineno, []), example.source.rstrip("\n")])
        if example.exc_msg is not None:
            flush()
            pending.append(source)
            flush(("raises-exception",))
            continue
        pending.append(source)
        if example.want:
            flush()
    pending.extend(trailing)
    flush()
    if cells and any((example.exc_msg or "").startswith("NameError") for example in examples):
        # The page runs each file in a fresh interpreter; a notebook runs them all
        # in one. A file that shows a name being undefined starts afresh here too.
        cells[0].source = "%reset -f\n" + cells[0].source
    return cells


def module_cell(target: str, language: str) -> nbformat.NotebookNode:
    """A cell that writes a module the page shows as a file."""
    return v4.new_code_cell(f"%%writefile {Path(target).name}\n" + _read(target, language).rstrip("\n"))


def _read(target: str, language: str) -> str:
    try:
        return read_for_reader(target, language, "notebook")
    except SnippetError as error:
        raise NotebookError(str(error)) from error


def _include_target(line: str) -> str:
    return INCLUDE.match(line)["target"]


# --------------------------------------------------------------------------- markdown cells


@dataclass
class _Builder:
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
            cell = v4.new_markdown_cell(text)
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


def build(page: Path, language: str, attach: bool = True) -> nbformat.NotebookNode:
    """The notebook of one chapter page.

    attach=True (the download): figures are attachments, so the notebook shows
    them anywhere. attach=False (the copy the site renders): figures link to
    the site's own files, which the chapter page loads too.
    """
    rel = page.relative_to(ROOT).as_posix()
    builder = _Builder(page, language, attach=attach)
    builder.note = NOTE[language].format(page=rel, stamp=versions.stamp_text(language))
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    try:
        while i < len(lines):
            line = lines[i]
            opening = _FENCE_OPEN.match(line)
            if not opening:
                if INCLUDE.match(line):  # a bare include outside code: its text, in place
                    pad = line[: len(line) - len(line.lstrip())]
                    for included in _read(_include_target(line), language).splitlines():
                        builder.text(pad + included)
                else:
                    builder.text(line)
                i += 1
                continue
            indent, fence = opening["indent"], opening["fence"]
            closing = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            end = next((j for j in range(i + 1, len(lines)) if closing.match(lines[j])), None)
            if end is None:
                raise NotebookError(f"{rel}:{i + 1}: code fence is never closed")
            body = lines[i + 1 : end]
            info = opening["info"].strip().lstrip("{").strip()
            fence_language = info.split()[0].lstrip(".").lower() if info else ""
            includes = [b for b in body if b.strip()]
            if fence_language in PYTHON_LANGS and includes and all(INCLUDE.match(b) for b in includes):
                new_cells = []
                for include in includes:
                    target = _include_target(include)
                    if target.endswith(".pycon"):
                        tags = ("gpu",) if target.endswith(".gpu.pycon") else ()
                        new_cells += pycon_cells(target, language, tags)
                    else:
                        new_cells.append(module_cell(target, language))
                # A fence indented inside an open admonition keeps it open:
                # the admonition's text may go on after the code.
                if builder.block is not None and len(indent) < builder.block[0]:
                    builder.block = None
                builder.code(new_cells)
            else:
                for raw in [line, *body, lines[end]]:
                    if INCLUDE.match(raw):
                        pad = raw[: len(raw) - len(raw.lstrip())]
                        for included in _read(_include_target(raw), language).splitlines():
                            builder.text(pad + included)
                    else:
                        builder.text(raw)
            i = end + 1
    except NotebookError as error:
        raise NotebookError(f"{rel}: {error}") from error
    if builder.note:  # a page without a "# " title: the note opens the notebook
        builder.flush_markdown()
        builder.cells.insert(0, v4.new_markdown_cell(builder.note))
    builder.flush_markdown()
    notebook = v4.new_notebook(cells=builder.cells)
    notebook.metadata.update(
        {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "generated_from": {"page": rel, "language": language},
        }
    )
    # Stable cell ids: a rebuild of an unchanged page writes identical bytes.
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
    return notebook


def with_outputs(language: str, name: str, attach: bool, log=print) -> nbformat.NotebookNode:
    """The chapter's notebook carrying the outputs of a real run (docs_tools.notebook_run)."""
    notebook = build(chapters(language)[name], language, attach=attach)
    run = notebook_run.executed(build(chapters(LANGUAGES[0])[name], LANGUAGES[0], attach=False), name, log=log)
    notebook_run.with_outputs(notebook, run)
    return notebook


def download_text(language: str, name: str) -> str:
    """The .ipynb offered for download: the chapter's notebook with its figures attached and its outputs."""
    return nbformat.writes(with_outputs(language, name, attach=True)) + "\n"


def write_all(log=print) -> list[Path]:
    """Write every chapter's notebook in every language; files are only touched when they change."""
    written = []
    wanted = set()
    for language in LANGUAGES:
        for name in chapters(language):
            path = notebook_path(language, name)
            wanted.add(path)
            text = nbformat.writes(with_outputs(language, name, attach=False, log=log)) + "\n"
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                written.append(path)
                log(f"notebooks: wrote {path.relative_to(ROOT)}")
    # A chapter that was renamed or removed leaves no stale notebook behind.
    for language in LANGUAGES:
        for stale in sorted((DOCS / language / FOLDER).glob("*.ipynb")):
            if stale not in wanted:
                stale.unlink()
                log(f"notebooks: removed {stale.relative_to(ROOT)}")
    return written


def main() -> None:
    try:
        write_all()
    except (NotebookError, notebook_run.NotebookRunError) as error:
        sys.exit(f"error: {error}")


if __name__ == "__main__":
    main()
