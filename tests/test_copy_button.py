"""The copy button of a doctest block gives runnable code: no prompts, no output.

Material copies the innerText of a block's <code> while it carries
[data-md-copying]; docs/assets/stylesheets/doctest.css hides `.gp` (prompts)
and `.doctest-output` (each run of output lines, one element:
docs_tools.render.page_additions.mark_doctest_output) then. This test applies the same rule to the built
HTML, without a browser, and compiles each copied statement; tests/browser
checks the real copy in Chromium.
"""

from __future__ import annotations

import html
import re

import pytest
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

from docs_tools.pages import LANGUAGES
from docs_tools.render.page_additions import PlainTokens, mark_doctest_output

PYCON_BLOCK = re.compile(r'<div class="language-pycon highlight">.*?<code>(.*?)</code></pre></div>', re.S)
# Inside a block's <code>: spans (the highlighter's tokens, output runs) and text, nothing else.
PIECE = re.compile(r'<span class="(?P<classes>[^"]*)">|(?P<end></span>)|(?P<text>[^<]+)|(?P<other><[^>]*>)')


def lines(block_html: str) -> list[list[tuple[set[str], str]]]:
    """The block's lines, each a list of (classes of the spans around it, text)."""
    stack: list[list[str]] = []
    found: list[list[tuple[set[str], str]]] = [[]]
    for piece in PIECE.finditer(block_html):
        assert piece["other"] is None, f"unexpected markup in a code block: {piece['other']}"
        if piece["classes"] is not None:
            stack.append(piece["classes"].split())
        elif piece["end"]:
            stack.pop()
        else:
            classes = {name for names in stack for name in names}
            for number, part in enumerate(html.unescape(piece["text"]).split("\n")):
                if number:
                    found.append([])
                if part:
                    found[-1].append((classes, part))
    assert not stack, "unbalanced spans in a code block"
    return [line for line in found if line]


def copied_examples(block_html: str) -> list[tuple[str, str]]:
    """(code the copy button gives, output it leaves out) for each >>> statement of a block.

    As doctest.css has it while Material copies: prompts (.gp) and output runs
    (.doctest-output) hidden. Every line is a prompt line or a marked output line."""
    examples: list[list[str]] = []
    for line in lines(block_html):
        first_classes, first_text = line[0]
        if "gp" in first_classes:
            assert not any("doctest-output" in classes for classes, _ in line), f"a prompt line marked as output: {line}"
            code = "".join(text for classes, text in line[1:] if "gp" not in classes) + "\n"
            if first_text.startswith(">>>"):
                examples.append([code, ""])
            else:
                assert examples, f"a continuation line before any statement: {line}"
                examples[-1][0] += code
        else:
            text = "".join(text for _, text in line)
            assert all("doctest-output" in classes for classes, _ in line), f"a line that is neither prompt nor marked output: {text}"
            assert examples, f"output before any statement: {text}"
            examples[-1][1] += text + "\n"
    return [(code, output) for code, output in examples]


def pycon_blocks(site):
    for page in sorted(site.rglob("*.html")):
        for number, block in enumerate(PYCON_BLOCK.findall(page.read_text(encoding="utf-8"))):
            yield page.relative_to(site), number, block


def test_copied_doctest_blocks_compile_without_prompts_or_output(built_site):
    blocks = list(pycon_blocks(built_site))
    assert len(blocks) >= len(LANGUAGES), "no doctest blocks found in the built site"
    for page, number, block in blocks:
        examples = copied_examples(block)
        assert examples, f"{page} block {number}: no statements"
        for code, output in examples:
            assert not code.startswith((">>>", "...")), f"{page} block {number}: prompt left in copy:\n{code}"
            if "SyntaxError" in output:
                continue  # an erratum showing the notes' code failing to parse, as it does in Python
            try:
                compile(code, f"{page} block {number}", "exec")
            except SyntaxError as error:
                pytest.fail(f"{page} block {number}: copied code does not compile ({error}):\n{code}")


def test_output_runs_are_marked_and_prompt_lines_are_not():
    block = (
        '<div class="language-pycon highlight"><pre><span></span><code>'
        '<span class="gp">&gt;&gt;&gt; </span>x = <span class="mi">1</span>\n'
        '<span class="gp">&gt;&gt;&gt; </span>x\n'
        '<span class="go">1</span>\n'
        '<span class="gp">&gt;&gt;&gt; </span><span class="mi">1</span>/<span class="mi">0</span>\n'
        '<span class="gt">Traceback (most recent call last):</span>\n'
        '<span class="c">...</span>\n'
        '<span class="gr">ZeroDivisionError</span>: division by zero\n'
        '<span class="gp">&gt;&gt;&gt; </span><span class="k">def</span> <span class="nf">f</span>():\n'
        '<span class="gp">... </span>    <span class="k">pass</span>\n'
        "</code></pre></div>"
    )
    marked = mark_doctest_output(block)
    assert marked.count('class="go doctest-output"') == 2, marked
    assert '<span class="go doctest-output">1\n</span>' in marked, marked  # a plain output line loses its own span
    code = PYCON_BLOCK.search(marked)[1]
    assert copied_examples(code) == [
        ("x = 1\n", ""),
        ("x\n", "1\n"),
        ("1/0\n", "Traceback (most recent call last):\n...\nZeroDivisionError: division by zero\n"),
        ("def f():\n    pass\n", ""),
    ]
    assert mark_doctest_output(marked) == marked  # idempotent: a marked run is not wrapped again


def test_plain_tokens_keep_the_colours_that_show():
    source = ">>> import torch\n>>> x = torch.tensor([1.5, 2]) + len('a')  # sum\n"
    plain = highlight(source, get_lexer_by_name("pycon", filters=[PlainTokens()]), HtmlFormatter())
    full = highlight(source, get_lexer_by_name("pycon"), HtmlFormatter())
    classes = set(re.findall(r'<span class="([^"]*)">', plain))
    assert classes == {"gp", "kn", "nb", "s1", "c1"}, classes
    assert html.unescape(re.sub(r"<[^>]+>", "", plain)) == html.unescape(re.sub(r"<[^>]+>", "", full))  # the same text
    assert plain.count("<span") < full.count("<span") / 2
