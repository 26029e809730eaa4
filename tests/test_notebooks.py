"""Each chapter's notebook: generated from its page and snippets, rendered on the site in both languages, executed.

docs_tools/notebooks/chapter_notebooks.py writes docs/<lang>/notebooks/NN-topic.ipynb (the
download) from the page, and its page NN-topic.md (rendered by nbconvert,
docs_tools/notebooks/notebook_html.py): the site shows it at <lang root>/notebooks/NN-topic/
with the .ipynb at <lang root>/notebooks/NN-topic.ipynb.
"""

from __future__ import annotations

import doctest
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import nbformat
import pytest

from docs_tools.content import errata
from docs_tools.inputs import generate
from docs_tools.notebooks import chapter_notebooks, notebook_html
from docs_tools.pages import LANGUAGES, ROOT, language_root
from docs_tools.reader import offline_mnist
from docs_tools.reader.reader_code import for_reader

CHAPTERS = sorted(chapter_notebooks.chapters(LANGUAGES[0]))



@pytest.fixture(scope="module", autouse=True)
def generated_inputs():
    """The downloads carry the figures and the outputs: generate them first (a fresh clone has none)."""
    generate.generate_all(log=lambda message: None)


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def statements(text: str) -> list[str]:
    """Non-blank lines that are not comments, without IPython magics (%%writefile, %reset)."""
    return [
        line.rstrip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("%") and not line.lstrip().startswith("#")
    ]


@pytest.mark.parametrize("name", CHAPTERS)
def test_notebook_follows_its_page(name):
    """The page's snippets, as the page shows them, in page order; the page's headings; same cells in both languages."""
    built = {language: chapter_notebooks.build(chapter_notebooks.chapters(language)[name], language) for language in LANGUAGES}
    tags = {language: [cell.metadata.get("tags", []) for cell in code_cells(nb)] for language, nb in built.items()}
    assert tags["zh"] == tags["en"], f"{name}: the notebooks' code cells differ between languages"
    for language, notebook in built.items():
        nbformat.validate(notebook)
        page = chapter_notebooks.chapters(language)[name]
        expected = []
        # The page's snippets outside errata (a chapter shows an erratum as a one-line note), in order.
        for target in (target for target in errata.shown_includes(page, language) if target.endswith((".py", ".pycon"))):  # a bash block stays text
            text = for_reader((ROOT / target).read_text(encoding="utf-8"), language)
            if target.endswith(".pycon"):
                expected += [line for example in doctest.DocTestParser().get_examples(text) for line in statements(example.source)]
            else:
                expected += statements(text)
        code = [line for cell in code_cells(notebook) for line in statements(cell.source)]
        assert code == expected, f"docs/{language}/{name}: the notebook's code is not the page's snippets in page order"
        markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
        headings = [line for line in page.read_text(encoding="utf-8").splitlines() if re.match(r"#{1,6} ", line)]
        assert all(heading in markdown for heading in headings), f"docs/{language}/{name}: headings missing from the notebook"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", CHAPTERS)
def test_notebook_is_rendered_and_downloadable(built_site, language, name):
    stem = name.removesuffix(".md")
    folder = built_site / language_root(language) / chapter_notebooks.FOLDER
    html = (folder / stem / "index.html").read_text(encoding="utf-8")
    assert 'class="jupyter-wrapper"' in html and "jp-Notebook" in html, f"/{language_root(language)}notebooks/{stem}/ is not a rendered notebook"
    download = folder / f"{stem}.ipynb"
    assert download.is_file(), f"no {download.relative_to(built_site)} to download"
    notebook = nbformat.reads(download.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(notebook)
    assert notebook == chapter_notebooks.with_outputs(language, name, attach=True), f"{download.name} is stale"
    shown = nbformat.writes(chapter_notebooks.with_outputs(language, name, attach=False))
    page_source = chapter_notebooks.page_path(language, name).read_text(encoding="utf-8")
    assert notebook_html.rendered_with(page_source) == notebook_html.render_key(shown), f"the page of {download.name} is stale"
    assert any(cell.get("outputs") for cell in code_cells(notebook)), f"{download.name} carries no outputs"
    assert "jp-OutputArea-output" in html, f"/{language_root(language)}notebooks/{stem}/ shows no outputs"
    section = re.search(r'<h2 id="([^"]+)"', html)
    assert section and f'<a href="#{section[1]}" class="md-nav__link">' in html, f"/{language_root(language)}notebooks/{stem}/ has no table of contents"
    figures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", "".join(c.source for c in notebook.cells if c.cell_type == "markdown"))
    assert all(target.startswith("attachment:") for target in figures), f"{download.name}: figures not attached: {figures}"
    assert html.count(' data-prompt="In [') == len(code_cells(notebook)), "not every code cell shows its In [n]: prompt"
    outputs = re.findall(r'<pre class="jp-RenderedText jp-OutputArea-output"[^>]*>', html)
    assert outputs and all('tabindex="0"' in tag for tag in outputs), "outputs that a keyboard cannot scroll"
    third_party = re.findall(
        r'<(?:script|img|iframe)\b[^>]*\bsrc="(?:https?:)?//[^"]*"'
        r'|<link\b[^>]*rel="(?:stylesheet|preload|modulepreload|icon)"[^>]*href="(?:https?:)?//[^"]*"'
        r"|cdnjs\.cloudflare\.com|MathJax\.Hub",
        html,
    )
    assert not third_party, f"the notebook page loads from another host: {third_party}"
    # The chapter page links to the rendered notebook and to the download.
    page = (built_site / language_root(language) / stem / "index.html").read_text(encoding="utf-8")
    links = re.search(r'<div class="notebook-links"[^>]*>(.*?)</div>', page, re.S)
    assert links, f"/{language_root(language)}{stem}/ has no notebook links"
    assert f'href="../{chapter_notebooks.FOLDER}/{stem}/"' in links[1], links[1]
    assert f'download="{stem}.ipynb" href="../{chapter_notebooks.FOLDER}/{stem}.ipynb"' in links[1], links[1]


@pytest.mark.parametrize("name", CHAPTERS)
def test_notebook_ran_as_the_page_shows(name):
    """The site's outputs come from a real run: every cell ran; only the cells the page shows raising, raised."""
    notebook = chapter_notebooks.with_outputs(LANGUAGES[0], name, attach=False)
    for cell in code_cells(notebook):
        assert cell.execution_count, f"{name}: this cell never ran:\n{cell.source}"
        errors = [output for output in cell.outputs if output.output_type == "error"]
        tags = cell.metadata.get("tags", [])
        if "gpu" in tags:
            # Shows its error where CUDA is missing; the notebook runs on.
            assert "raises-exception" in tags, f"{name}: a CUDA cell would stop Run All on a CPU:\n{cell.source}"
            continue
        if "raises-exception" in tags:
            assert errors, f"{name}: this cell should raise:\n{cell.source}"
        else:
            assert not errors, f"{name}: this cell raised:\n{cell.source}\n{errors[0].ename}: {errors[0].evalue}"


PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebooks_fill_in_the_version_placeholders(language):
    """The page and the download say which torch they were verified with, not `{{ torch_version }}`."""
    left = []
    for name in CHAPTERS:
        for path in (chapter_notebooks.notebook_path(language, name), chapter_notebooks.page_path(language, name)):
            left += [f"{path.relative_to(ROOT)}: {m}" for m in PLACEHOLDER.findall(path.read_text(encoding="utf-8"))]
    assert not left, "unfilled placeholders:\n" + "\n".join(left)


def test_placeholder_pattern_finds_an_unfilled_version():
    assert PLACEHOLDER.findall("verified with torch {{ torch_version }}") == ["{{ torch_version }}"]
    assert not PLACEHOLDER.findall("a dict {'a': {1: 2}} in code")


def _is_docstring(tokens: list[tuple[int, str]], i: int, body_starts: set[int]) -> bool:
    """A string that is the first statement of a file or of a def/class body, alone on its line."""
    return tokens[i][0] == tokenize.STRING and i in body_starts and i + 1 < len(tokens) and tokens[i + 1][0] == tokenize.NEWLINE


def program(notebook) -> list[list[tuple[int, str]]]:
    """Each code cell as the tokens Python runs: comments, blank lines and docstrings left out; other strings and names kept."""
    cells = []
    for cell in code_cells(notebook):
        tokens = [(token.type, token.string) for token in tokenize.generate_tokens(io.StringIO(cell.source).readline)]
        tokens = [token for token in tokens if token[0] not in (tokenize.COMMENT, tokenize.NL)]
        body_starts = {0} | {i + 1 for i, token in enumerate(tokens) if token[0] == tokenize.INDENT}
        if cell.source.startswith("%%"):  # %%writefile NAME: the file's own first statement follows the magic's line
            body_starts.add(next(i for i, token in enumerate(tokens) if token[0] == tokenize.NEWLINE) + 1)
        cells.append([token for i, token in enumerate(tokens) if not _is_docstring(tokens, i, body_starts)])
    return cells


@pytest.mark.parametrize("name", CHAPTERS)
def test_both_downloads_run_the_same_program(name):
    """The two languages' downloads differ only in comments and Markdown, so the run below needs only one of them."""
    programs = [program(nbformat.read(chapter_notebooks.notebook_path(language, name), as_version=4)) for language in LANGUAGES]
    assert programs[0] == programs[1], f"{name}: the zh and en downloads run different code; run both in the test below"


def test_program_sees_a_changed_string_not_a_changed_comment_or_docstring():
    cell = nbformat.v4.new_code_cell
    notebook = nbformat.v4.new_notebook(cells=[cell('print("a")  # 注释')])
    assert program(notebook) == program(nbformat.v4.new_notebook(cells=[cell('# a comment\nprint("a")  # a comment')]))
    assert program(notebook) != program(nbformat.v4.new_notebook(cells=[cell('print("b")')]))
    documented = nbformat.v4.new_notebook(cells=[cell('def f():\n    """说明。"""\n    return "x"\n')])
    assert program(documented) == program(nbformat.v4.new_notebook(cells=[cell('def f():\n    """Docs."""\n    return "x"\n')]))
    assert program(documented) != program(nbformat.v4.new_notebook(cells=[cell('def f():\n    """说明。"""\n    return "y"\n')]))
    shown = nbformat.v4.new_notebook(cells=[cell('x = 1\n"张量"\n')])  # a cell's last string is its output, not a docstring
    assert program(shown) != program(nbformat.v4.new_notebook(cells=[cell('x = 1\n"tensor"\n')]))


@pytest.mark.slow
@pytest.mark.parametrize("name", CHAPTERS)
def test_downloaded_notebook_runs_top_to_bottom_on_a_cpu(tmp_path, name):
    """As a reader runs the download: `jupyter nbconvert --execute`, a fresh kernel, an empty folder, nothing skipped, no CUDA.

    The first language's download runs; the other's is the same program (test_both_downloads_run_the_same_program).
    """
    language = LANGUAGES[0]
    download = chapter_notebooks.notebook_path(language, name)
    copied = tmp_path / download.name
    shutil.copy2(download, copied)
    code = "\n".join(cell.source for cell in code_cells(nbformat.read(copied, as_version=4)))
    offline_mnist.place_for(code, tmp_path)  # torchvision finds the stand-in and skips the download
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    jupyter = Path(sys.executable).with_name("jupyter")
    result = subprocess.run(
        [str(jupyter), "nbconvert", "--to", "notebook", "--execute", "--output", "ran.ipynb", copied.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"{download.relative_to(ROOT)} stops on a CPU:\n{result.stderr[-3000:]}"
