"""The copy button of a doctest block gives runnable code: no prompts, no output.

Material copies the innerText of a block's <code> while it carries
[data-md-copying]; docs/assets/stylesheets/doctest.css hides `.gp` (prompts)
and `.doctest-output` lines then. This test applies the same rule to the built
HTML, without a browser, and compiles each copied statement; tests/browser
checks the real copy in Chromium.
"""

from __future__ import annotations

import html
import re

import pytest

from docs_tools.pages import LANGUAGES

PYCON_BLOCK = re.compile(r'<div class="language-pycon highlight">.*?<code>(.*?)</code></pre></div>', re.S)
LINE = re.compile(r'<span id="__span-[\d-]+"(?P<output> class="doctest-output")?>(?P<body>.*?)\n</span>', re.S)
PROMPT = re.compile(r'^<span class="gp">(?P<prompt>[^<]*)</span>')


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def copied_examples(block_html: str) -> list[tuple[str, str]]:
    """(code the copy button gives, output it leaves out) for each >>> statement of a block."""
    examples: list[list[str]] = []
    for line in LINE.finditer(block_html):
        prompt = PROMPT.match(line["body"])
        if line["output"]:
            assert examples, f"output before any statement: {text(line['body'])}"
            examples[-1][1] += text(line["body"]) + "\n"
        elif prompt and text(prompt["prompt"]).startswith(">>>"):
            examples.append([text(line["body"][prompt.end():]) + "\n", ""])
        else:
            assert prompt, f"a line that is neither prompt nor output: {text(line['body'])}"
            examples[-1][0] += text(line["body"][prompt.end():]) + "\n"
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
