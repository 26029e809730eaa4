"""Each chapter's notebook: generated from its page and snippets, rendered on the site in both languages, executed.

docs_tools/notebooks.py writes docs/<lang>/notebooks/NN-topic.ipynb from the
page; mkdocs-jupyter renders it at <lang root>/notebooks/NN-topic/ with the
.ipynb beside it for download (docs_tools/hooks.py keeps mkdocs-static-i18n
from turning it into raw JSON, which --strict does not notice).
"""

from __future__ import annotations

import doctest
import re
import sys
from pathlib import Path

import nbformat
import pytest
import torch

from docs_tools import notebooks
from docs_tools.pages import LANGUAGES, ROOT, includes

CHAPTERS = sorted(notebooks.chapters(LANGUAGES[0]))


def root(language: str) -> str:
    return "" if language == LANGUAGES[0] else f"{language}/"


def code_of(notebook) -> list[tuple[str, list]]:
    return [(cell.source, cell.metadata.get("tags", [])) for cell in notebook.cells if cell.cell_type == "code"]


def statements(text: str) -> list[str]:
    """Non-blank code lines, without doctest directives or IPython magics (%%writefile, %reset)."""
    text = re.sub(r"[ \t]*#\s*doctest:.*$", "", text, flags=re.M)
    return [line.rstrip() for line in text.splitlines() if line.strip() and not line.startswith("%")]


@pytest.mark.parametrize("name", CHAPTERS)
def test_notebook_follows_its_page(name):
    """Same code in both languages; every snippet of the page, in page order; the page's headings."""
    built = {language: notebooks.build(notebooks.chapters(language)[name], language) for language in LANGUAGES}
    assert code_of(built["zh"]) == code_of(built["en"]), f"{name}: the notebooks' code differs between languages"
    for language, notebook in built.items():
        nbformat.validate(notebook)
        page = notebooks.chapters(language)[name]
        expected = []
        for target in includes(page):
            path = ROOT / target
            if path.suffix == ".pycon":
                text = path.read_text(encoding="utf-8")
                expected += [line for example in doctest.DocTestParser().get_examples(text) for line in statements(example.source)]
            else:
                expected += statements(path.read_text(encoding="utf-8"))
        # Comment lines aside (doctest drops comment-only prompts; the notebook keeps them).
        code = [line for source, _ in code_of(notebook) for line in statements(source) if not line.lstrip().startswith("#")]
        want = [line for line in expected if not line.lstrip().startswith("#")]
        assert code == want, f"docs/{language}/{name}: the notebook's code is not the page's snippets in page order"
        markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
        headings = [line for line in page.read_text(encoding="utf-8").splitlines() if re.match(r"#{1,6} ", line)]
        assert all(heading in markdown for heading in headings), f"docs/{language}/{name}: headings missing from the notebook"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", CHAPTERS)
def test_notebook_is_rendered_and_downloadable(built_site, language, name):
    stem = name.removesuffix(".md")
    folder = built_site / root(language) / notebooks.FOLDER / stem
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert not html.lstrip().startswith("{"), f"/{root(language)}notebooks/{stem}/ is the notebook's raw JSON"
    assert 'class="jupyter-wrapper"' in html and "jp-Notebook" in html, f"/{root(language)}notebooks/{stem}/ is not a rendered notebook"
    download = folder / f"{stem}.ipynb"
    assert download.is_file(), f"no {download.relative_to(built_site)} to download"
    notebook = nbformat.reads(download.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(notebook)
    assert notebook == notebooks.build(notebooks.chapters(language)[name], language), f"{download.name} is stale"
    figures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", "".join(c.source for c in notebook.cells if c.cell_type == "markdown"))
    assert all(target.startswith("attachment:") for target in figures), f"{download.name}: figures not attached: {figures}"
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    assert html.count('<div class="jp-InputPrompt jp-InputArea-prompt">In') == code_cells
    third_party = re.findall(
        r'<(?:script|img|iframe)\b[^>]*\bsrc="(?:https?:)?//[^"]*"'
        r'|<link\b[^>]*rel="(?:stylesheet|preload|modulepreload|icon)"[^>]*href="(?:https?:)?//[^"]*"'
        r"|cdnjs\.cloudflare\.com|MathJax\.Hub",
        html,
    )
    assert not third_party, f"the notebook page loads from another host: {third_party}"
    # The chapter page links to the rendered notebook and to the download.
    page = (built_site / root(language) / stem / "index.html").read_text(encoding="utf-8")
    links = re.search(r'<div class="notebook-links"[^>]*>(.*?)</div>', page, re.S)
    assert links, f"/{root(language)}{stem}/ has no notebook links"
    assert f'href="../{notebooks.FOLDER}/{stem}/"' in links[1], links[1]
    assert f'href="../{notebooks.FOLDER}/{stem}/{stem}.ipynb" download' in links[1], links[1]


def runnable(notebook):
    """The notebook without the cells this machine can't run: CUDA ones without a GPU, doctest +SKIP ones."""
    skip = {"doctest-skip"} | (set() if torch.cuda.is_available() else {"gpu"})
    notebook.cells = [cell for cell in notebook.cells if not skip & set(cell.metadata.get("tags", []))]
    return notebook


@pytest.mark.slow
@pytest.mark.parametrize("name", CHAPTERS)
def test_notebook_runs(name, tmp_path):
    """Every cell runs in a fresh python3 kernel (the venv's ipykernel); the cells the page shows raising, raise."""
    from nbclient import NotebookClient

    # The code cells are the same in both languages (test_notebook_follows_its_page).
    notebook = runnable(notebooks.build(notebooks.chapters(LANGUAGES[0])[name], LANGUAGES[0]))
    notebook.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(tmp_path)}},  # the kernel's working folder
    )
    client.execute()
    kernel_python = notebook.cells.pop().outputs[0]["text"].strip()
    assert Path(kernel_python).resolve() == Path(sys.executable).resolve(), f"the kernel ran {kernel_python}, not this venv"
    for cell in notebook.cells:
        if "raises-exception" in cell.metadata.get("tags", []):
            assert any(output.output_type == "error" for output in cell.outputs), f"{name}: this cell should raise:\n{cell.source}"
