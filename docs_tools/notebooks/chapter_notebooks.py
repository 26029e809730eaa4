"""A Jupyter notebook per chapter, generated from the chapter page and its snippet files.

``docs/<lang>/NN-topic.md`` becomes ``docs/<lang>/notebooks/NN-topic.ipynb``,
the download, and ``docs/<lang>/notebooks/NN-topic.md``, its page on the site
(docs_tools.notebooks.notebook_html). Neither is committed: the build writes them
before it collects the pages. The notebook follows the page in order:

- prose between code blocks becomes Markdown cells (docs_tools.notebooks.notebook_markdown:
  admonitions become block quotes, links and figures are made to work from
  the notebook; snippet includes are expanded);
- a ```pycon block that includes ``snippets/…/*.pycon`` becomes code cells:
  the doctest examples (as docs_tools.reader.reader_code shows them in the page's
  language) without prompts or output lines, split so that each cell ends with the example whose output the
  page shows (so running the cell shows that output). An example that the
  page shows raising gets a cell of its own tagged ``raises-exception``; a
  file that shows a NameError starts with ``%reset -f`` (the page runs each
  file in a fresh interpreter, the notebook runs them all in one kernel);
  examples of ``*.gpu.pycon`` files are tagged ``gpu`` and
  ``raises-exception``, after a note saying they need CUDA: on a machine
  without it they show their error and the notebook runs on (Run All,
  ``jupyter nbconvert --execute``);
- a ```python block that includes a module ``snippets/…/name.py`` becomes a
  ``%%writefile name.py`` cell: the page shows a file, the notebook writes it;
- the copy the site renders and the download carry the outputs of a real run
  (docs_tools.notebooks.notebook_run).

Because page and notebook are both generated from the same files, they cannot
drift; ``python -m docs_tools`` writes them all.
"""

from __future__ import annotations

import doctest
import re
from concurrent.futures import Future
from pathlib import Path

import nbformat
from nbformat import v4

from docs_tools import versions, workers
from docs_tools.content import errata
from docs_tools.notebooks import notebook_html, notebook_run
from docs_tools.notebooks.notebook_markdown import CellBuilder, NotebookError, new_cell
from docs_tools.pages import DOCS, FOLDER, INCLUDE, LANGUAGES, PYTHON_LANGS, ROOT, fences, pages
from docs_tools.reader.reader_code import SnippetError, read_for_reader
from docs_tools.render.page_additions import fill_placeholders

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

# A session that needs CUDA: on a machine without it, its cells show their error and the notebook goes on.
GPU_SUFFIX = ".gpu.pycon"
GPU_NOTE = {
    "zh": "> **下面的代码需要 CUDA（NVIDIA GPU）。** 在没有 GPU 的机器上运行会报错，这是正常的：错误信息会显示在单元下方，后面的单元照常运行。",
    "en": "> **The code below needs CUDA (an NVIDIA GPU).** On a machine without one it stops with an error; that is expected: the error shows under the cell, and the cells after it run as usual.",
}

# An opening fence that docs_tools.pages.fences found no closing fence for.
_FENCE_OPEN = re.compile(r"^[ \t]*(?:`{3,}|~{3,})")


def chapters(language: str) -> dict[str, Path]:
    """Chapter pages (NN-topic.md) of one language, keyed by file name."""
    return {name: path for name, path in pages(language).items() if CHAPTER.match(name)}


def is_generated(src_uri: str) -> bool:
    """Whether a file of the site (its path under docs/) is a generated notebook's page or download."""
    parts = Path(src_uri).parts
    return len(parts) == 3 and parts[0] in LANGUAGES and parts[1] == FOLDER


def is_notebook(src_uri: str) -> bool:
    """Whether a file of the site (its path under docs/) is a generated chapter notebook's page."""
    return is_generated(src_uri) and src_uri.endswith(".md")


def notebook_path(language: str, name: str) -> Path:
    return DOCS / language / FOLDER / name.replace(".md", ".ipynb")


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
            cell = new_cell("code", "\n".join(pending))
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
    return new_cell("code", f"%%writefile {Path(target).name}\n" + _read(target, language).rstrip("\n"))


def _read(target: str, language: str) -> str:
    try:
        return read_for_reader(target, language, "notebook")
    except SnippetError as error:
        raise NotebookError(str(error)) from error


def _include_target(line: str) -> str:
    return INCLUDE.match(line)["target"]


def build(page: Path, language: str, attach: bool = True) -> nbformat.NotebookNode:
    """The notebook of one chapter page.

    attach=True (the download): figures are attachments, so the notebook shows
    them anywhere. attach=False (the copy the site renders): figures link to
    the site's own files, which the chapter page loads too.
    """
    rel = page.relative_to(ROOT).as_posix()
    builder = CellBuilder(page, language, attach=attach)
    builder.note = NOTE[language].format(page=rel, stamp=versions.stamp_text(language))
    # As the chapter page shows it: errata as one-line notes, versions filled in.
    text = fill_placeholders(errata.as_notes(page.read_text(encoding="utf-8"), language, page.name, for_notebook=True))
    lines = text.splitlines()
    fenced = {fence.line - 1: fence for fence in fences(page, text)}  # by the index of the opening line
    i = 0
    try:
        while i < len(lines):
            line = lines[i]
            fence = fenced.get(i)
            if fence is None:
                if _FENCE_OPEN.match(line):
                    raise NotebookError(f"{rel}:{i + 1}: code fence is never closed")
                if INCLUDE.match(line):  # a bare include outside code: its text, in place
                    pad = line[: len(line) - len(line.lstrip())]
                    for included in _read(_include_target(line), language).splitlines():
                        builder.text(pad + included)
                else:
                    builder.text(line)
                i += 1
                continue
            end = fence.end_line - 1
            body = lines[i + 1 : end]
            includes = [b for b in body if b.strip()]
            if fence.language in PYTHON_LANGS and fence.includes_only:
                new_cells = []
                for include in includes:
                    target = _include_target(include)
                    if target.endswith(GPU_SUFFIX):
                        new_cells += [new_cell("markdown", GPU_NOTE[language])]
                        new_cells += pycon_cells(target, language, ("gpu", "raises-exception"))
                    elif target.endswith(".pycon"):
                        new_cells += pycon_cells(target, language)
                    else:
                        new_cells.append(module_cell(target, language))
                # A fence indented inside an open admonition keeps it open:
                # the admonition's text may go on after the code.
                if builder.block is not None and len(fence.indent) < builder.block[0]:
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
        builder.cells.insert(0, new_cell("markdown", builder.note))
    builder.flush_markdown()
    # Stable cell ids: a rebuild of an unchanged page writes identical bytes.
    for number, cell in enumerate(builder.cells):
        cell.id = f"cell-{number}"
    notebook = v4.new_notebook(cells=builder.cells)  # checks the whole notebook against the schema
    notebook.metadata.update(
        {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "generated_from": {"page": rel, "language": language},
        }
    )
    return notebook


def with_outputs(language: str, name: str, attach: bool, log=print) -> nbformat.NotebookNode:
    """The chapter's notebook carrying the outputs of a real run (docs_tools.notebooks.notebook_run)."""
    notebook = build(chapters(language)[name], language, attach=attach)
    run = notebook_run.executed(build(chapters(LANGUAGES[0])[name], LANGUAGES[0], attach=False), name, log=log)
    notebook_run.with_outputs(notebook, run)
    return notebook


def page_path(language: str, name: str) -> Path:
    """The notebook's page (docs_tools.notebooks.notebook_html), beside the .ipynb."""
    return notebook_path(language, name).with_suffix(".md")


def _write_if_changed(path: Path, text: str, log) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    log(f"notebooks: wrote {path.relative_to(ROOT)}")


def _title(page: Path) -> str:
    heading = re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.M)
    return heading[1].strip() if heading else page.stem


def site_copies() -> dict[tuple[str, str], nbformat.NotebookNode]:
    """{(language, chapter): its notebook as the site shows it (figures linked), without outputs}."""
    return {(language, name): build(page, language, attach=False) for language in LANGUAGES for name, page in chapters(language).items()}


def write_all(pool, site_copies: dict, log=print, figures_drawn=lambda: None) -> None:
    """Write each chapter's notebook (the download, figures attached) and its page, in every language.

    site_copies: what :func:`site_copies` returns. Pages are rendered in
    `pool` (docs_tools.workers), alongside whatever else runs there; only a
    page whose notebook, renderer or nbconvert changed is rendered again.
    Chapters whose run is not cached run meanwhile, beside the figure scripts
    and renders; figures_drawn() is called before the first download is
    written (downloads attach the figures). Files are only touched when they
    change.
    """
    to_run = {name: site_copies[LANGUAGES[0], name] for name in chapters(LANGUAGES[0])}
    runs: dict[str, nbformat.NotebookNode] = {}
    renders: dict[tuple[str, str], tuple[str, str, Future | None]] = {}  # key, notebook, job

    def start_render(language: str, name: str) -> None:
        if name not in runs:
            runs[name] = notebook_run.executed(to_run[name], name, log=log)
        notebook = site_copies[language, name]
        notebook_run.with_outputs(notebook, runs[name])
        text = nbformat.writes(notebook)
        key = notebook_html.render_key(text)
        path = page_path(language, name)
        current = path.exists() and notebook_html.rendered_with(path.read_text(encoding="utf-8")) == key
        renders[language, name] = (key, text, None if current else pool.submit(notebook_html.render, text))

    ran_before = notebook_run.cached(to_run)
    for language, name in site_copies:
        if name in ran_before:
            start_render(language, name)
    with notebook_run.running({name: nb for name, nb in to_run.items() if name not in ran_before}, log) as running:
        figures_drawn()
        for name, job in running.items():
            runs[name] = job.result()  # a failed run raises NotebookRunError, naming the chapter
            for language in LANGUAGES:
                start_render(language, name)
    for (language, name), (key, shown, render) in renders.items():
        download = build(chapters(language)[name], language, attach=True)
        notebook_run.with_outputs(download, runs[name])
        _write_if_changed(notebook_path(language, name), nbformat.writes(download) + "\n", log)
        if render is not None:
            try:
                html = workers.result(render, notebook_html.render, shown)
            except Exception as error:  # nbconvert's error, from the worker process
                raise NotebookError(f"{page_path(language, name).relative_to(ROOT)}: nbconvert failed: {type(error).__name__}: {error}") from error
            text = notebook_html.page(html, language, name, _title(chapters(language)[name]), key)
            _write_if_changed(page_path(language, name), text, log)
    # A chapter that was renamed or removed leaves no stale notebook behind.
    wanted = {path for language, name in site_copies for path in (notebook_path(language, name), page_path(language, name))}
    for language in LANGUAGES:
        for stale in sorted((DOCS / language / FOLDER).glob("*.*")):
            if stale not in wanted:
                stale.unlink()
                log(f"notebooks: removed {stale.relative_to(ROOT)}")
