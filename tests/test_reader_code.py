"""What a reader copies is code that runs as copied, commented in the page's language.

- Each page shows its snippets through docs_tools.reader.reader_code: the page's
  language only, and no ``# doctest:`` comment.
- Comments and docstrings on a Chinese page are Chinese; on an English page
  they hold no Chinese (text in quotation marks, such as the notes quoted in
  an erratum, aside).
- No block imports this project (docs_tools, tests) or a snippet module that
  the same page does not show in full.
- The built site, in either language, shows no ``doctest:`` comment, no object
  address and no import of the project's helpers in any code block or notebook.
- (slow) The blocks that read MNIST run as copied: in a fresh interpreter, in
  an empty folder outside the checkout, with PYTHONPATH unset, after the
  offline stand-in has been placed where the code looks, as a download would.
"""

from __future__ import annotations

import ast
import builtins
import doctest
import html
import io
import json
import keyword
import os
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
import torch

from docs_tools.pages import LANGUAGES, ROOT, SNIPPETS, includes, pages
from docs_tools.reader import offline_mnist
from docs_tools.reader.reader_code import copied_code, for_reader

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Quoted text (the notes quoted in an erratum, a printed message) is not the comment's own language.
QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"|'[^']*'|`[^`]*`")
# Words that are code, not English prose, when they stand alone in a comment.
CODE_WORDS = (
    set(dir(builtins)) | set(keyword.kwlist) | set(dir(torch)) | set(dir(torch.Tensor)) | set(dir(torch.nn))
)
PROSE_WORD = re.compile(r"(?<![\w.`'\"-])[A-Za-z]?[a-z]{2,}(?![\w.(`'\"-])")


def shown_code(target: str, language: str) -> str:
    """The code of an included file as a page in `language` shows it (copy-button text for a session)."""
    text = for_reader((ROOT / target).read_text(encoding="utf-8"), language)
    return copied_code(text) if target.endswith(".pycon") else text


def shown_blocks():
    """(language, page name, included target) for every include of every page."""
    for language in LANGUAGES:
        for name, page in pages(language).items():
            for target in includes(page):
                yield language, name, target


BLOCKS = list(shown_blocks())
PYTHON_BLOCKS = [block for block in BLOCKS if block[2].endswith((".py", ".pycon"))]


def comments_and_docstrings(code: str) -> list[tuple[int, str]]:
    """(line, text) of each comment and each docstring-like string statement of some Python code."""
    found = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # An erratum's code that does not parse: fall back to its comment lines.
        return [(n, line.split("#", 1)[1]) for n, line in enumerate(code.splitlines(), 1) if line.lstrip().startswith("#")]
    code_tokens = [token for token in tokens if token.type != tokenize.COMMENT]
    found += [(token.start[0], token.string.lstrip("#").strip()) for token in tokens if token.type == tokenize.COMMENT]
    statement_start = (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT)
    for before, token, after in zip([None, *code_tokens], code_tokens, [*code_tokens[1:], None]):
        # A string that is a whole statement: a docstring (or a string used as one).
        if (
            token.type == tokenize.STRING
            and (before is None or before.type in statement_start)
            and (after is None or after.type in (tokenize.NEWLINE, tokenize.ENDMARKER))
        ):
            found.append((token.start[0], ast.literal_eval(token.string) if token.string[0] in "\"'" else token.string))
    return sorted(found)


def wrong_language(text: str, language: str) -> bool:
    unquoted = QUOTED.sub(" ", text)
    if language == "en":
        return bool(CJK.search(unquoted))
    if CJK.search(text):
        return False
    return any(word not in CODE_WORDS for word in PROSE_WORD.findall(unquoted))


@pytest.mark.parametrize(
    ("language", "name", "target"), PYTHON_BLOCKS, ids=[f"{language}/{name}:{Path(target).name}" for language, name, target in PYTHON_BLOCKS]
)
def test_comments_are_in_the_page_language(language, name, target):
    wrong = [
        f"line {line}: {text!r}"
        for line, text in comments_and_docstrings(shown_code(target, language))
        if wrong_language(text, language)
    ]
    assert not wrong, f"docs/{language}/{name} shows {target} with comments not in its language:\n" + "\n".join(wrong)


def test_the_language_check_can_fail():
    assert wrong_language("the shape of the batch", "zh")
    assert not wrong_language("批的形状 shape", "zh")
    assert not wrong_language("[N, 784]", "zh") and not wrong_language("x.view(-1, 784)", "zh")
    assert wrong_language("展平", "en")
    assert not wrong_language("the notes wrote “打平”", "en")


def test_reader_text_keeps_one_language_and_drops_directives():
    source = (
        ">>> # zh: 先固定种子\n>>> # en: fix the seed first\n"
        ">>> x = torch.ones(2)  # zh: 两个 1 | en: two ones\n"
        ">>> torch.__version__  # doctest: +VARIES\n'2.14.1'\n"
        '    """\n    zh: 读入数据。\n    en: Read the data.\n    """\n'
    )
    assert for_reader(source, "zh") == (
        ">>> # 先固定种子\n>>> x = torch.ones(2)  # 两个 1\n>>> torch.__version__\n'2.14.1'\n"
        '    """\n    读入数据。\n    """\n'
    )
    assert for_reader(source, "en") == (
        ">>> # fix the seed first\n>>> x = torch.ones(2)  # two ones\n>>> torch.__version__\n'2.14.1'\n"
        '    """\n    Read the data.\n    """\n'
    )


# --------------------------------------------------------------------------- imports


SNIPPET_MODULES = {path.stem for path in SNIPPETS.rglob("*.py") if not path.name.startswith(("test_", "fig_", "conftest"))}
PROJECT_PACKAGES = {"docs_tools", "tests", "snippets", "benchmarks"}


def imported_modules(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        # An erratum that shows code failing to parse: read its import lines one by one.
        return {m.split(".")[0] for m in re.findall(r"^\s*(?:from|import)\s+([\w.]+)", code, re.M)}
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_block_imports_the_project(language):
    wrong = []
    for name, page in pages(language).items():
        targets = includes(page)
        shown_in_full = {Path(t).stem for t in targets if t.endswith(".py")}
        for target in targets:
            if not target.endswith((".py", ".pycon")):
                continue
            for module in imported_modules(shown_code(target, language)):
                if module in PROJECT_PACKAGES or (module in SNIPPET_MODULES and module not in shown_in_full):
                    wrong.append(f"docs/{language}/{name}: {target} imports {module}")
    assert not wrong, "blocks that would fail outside this repository:\n" + "\n".join(wrong)


# --------------------------------------------------------------------------- the built site


CODE_BLOCK = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.S)
MACHINERY = re.compile(r"doctest:|\b0x[0-9a-fA-F]{4,}|\bdocs_tools\b")


def test_built_site_shows_no_test_machinery(built_site):
    found = []
    for page in sorted(built_site.rglob("*.html")):
        for block in CODE_BLOCK.findall(page.read_text(encoding="utf-8")):
            text = html.unescape(re.sub(r"<[^>]+>", "", block))
            for match in MACHINERY.finditer(text):
                found.append(f"{page.relative_to(built_site)}: {match[0]!r}")
    for notebook in sorted(built_site.rglob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in (cell for cell in cells if cell["cell_type"] == "code"):
            shown = "".join(cell["source"]) + json.dumps(cell.get("outputs", []))
            found += [f"{notebook.relative_to(built_site)}: {match[0]!r}" for match in MACHINERY.finditer(shown)]
    assert not found, "test machinery shown to readers:\n" + "\n".join(found[:40])


# --------------------------------------------------------------------------- as copied, outside the checkout


DATA_BLOCKS = sorted(
    {(name, target) for language, name, target in PYTHON_BLOCKS if language == LANGUAGES[0] and offline_mnist.mnist_roots((ROOT / target).read_text(encoding="utf-8"))}
)


def test_data_loading_blocks_are_found():
    assert len(DATA_BLOCKS) >= 5, DATA_BLOCKS


def code_without_text(code: str) -> str:
    """The code's syntax tree without docstrings (comments are not in it): what runs."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return "\n".join(line.split("#", 1)[0].rstrip() for line in code.splitlines())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            body[0] = ast.Pass()
    return ast.dump(tree)


@pytest.mark.parametrize("target", sorted({t for _, _, t in PYTHON_BLOCKS}))
def test_languages_differ_only_in_comments(target):
    """Both pages run the same code: localising comments and docstrings never changes a statement or an output."""
    text = (ROOT / target).read_text(encoding="utf-8")
    shown = {language: for_reader(text, language) for language in LANGUAGES}
    if target.endswith(".pycon"):
        parser = doctest.DocTestParser()
        examples = {language: parser.get_examples(shown[language]) for language in LANGUAGES}
        runs = {language: [(code_without_text(e.source), e.want, e.exc_msg) for e in examples[language]] for language in LANGUAGES}
    else:
        runs = {language: code_without_text(shown[language]) for language in LANGUAGES}
    assert runs["zh"] == runs["en"], f"{target}: the zh and en pages would run different code"


@pytest.mark.slow
@pytest.mark.parametrize(("name", "target"), DATA_BLOCKS, ids=[Path(t).name for _, t in DATA_BLOCKS])
def test_data_loading_block_runs_as_copied(tmp_path_factory, name, target):
    """Run once, as the Chinese page shows it (the English page runs the same code: test above)."""
    language = LANGUAGES[0]
    folder = tmp_path_factory.mktemp("reader")
    assert ROOT not in folder.parents, "the reader's folder must be outside the checkout"
    page = pages(language)[name]
    # A reader who copies a program also has the modules the page shows it importing.
    for other in includes(page):
        if other.endswith(".py") and other != target:
            (folder / Path(other).name).write_text(shown_code(other, language), encoding="utf-8")
    code = shown_code(target, language)
    offline_mnist.place_for(code, folder)
    if target.endswith(".pycon"):
        # Pasted into a Python prompt one statement at a time; a statement that the
        # page shows raising must raise that error, as on the page.
        examples = [
            (example.source, example.exc_msg)
            for example in doctest.DocTestParser().get_examples(for_reader((ROOT / target).read_text(encoding="utf-8"), language))
        ]
        script = folder / "pasted.py"
        script.write_text(PASTE_RUNNER.format(examples=json.dumps(examples, ensure_ascii=False)), encoding="utf-8")
    else:
        script = folder / Path(target).name
        script.write_text(code, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["MPLBACKEND"] = "Agg"
    result = subprocess.run(
        [sys.executable, script.name], cwd=folder, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{target} ({language}) fails as copied:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"


PASTE_RUNNER = """\
import json
namespace = {{"__name__": "__main__"}}
for source, error in json.loads({examples!r}):
    try:
        exec(compile(source, "<pasted>", "single"), namespace)
    except Exception as raised:
        if error is None or not error.startswith(type(raised).__name__):
            raise
    else:
        if error is not None:
            raise SystemExit("expected " + error)
"""
