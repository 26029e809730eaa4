"""The copy button of a doctest block gives runnable code: no prompts, no output.

Material copies a block's innerText while the block carries [data-md-copying];
docs/assets/stylesheets/doctest.css hides `.gp` (prompts) and `.doctest-output`
lines then. This test applies the same rule to the built HTML and compiles
the result; tests/browser checks it in a real browser.
"""

from __future__ import annotations

import html
import re

import pytest

from docs_tools.pages import LANGUAGES

PYCON_BLOCK = re.compile(r'<div class="language-pycon highlight">.*?<code>(.*?)</code></pre></div>', re.S)
HIDDEN = re.compile(r'<span id="__span-[\d-]+" class="doctest-output">.*?\n</span>|<span class="gp">[^<]*</span>', re.S)


def copied_text(block_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", HIDDEN.sub("", block_html)))


def pycon_blocks(site):
    for page in sorted(site.rglob("*.html")):
        for number, block in enumerate(PYCON_BLOCK.findall(page.read_text(encoding="utf-8"))):
            yield page.relative_to(site), number, block


def test_copied_doctest_blocks_compile_without_prompts_or_output(built_site):
    blocks = list(pycon_blocks(built_site))
    assert len(blocks) >= len(LANGUAGES), "no doctest blocks found in the built site"
    for page, number, block in blocks:
        code = copied_text(block)
        assert ">>>" not in code and "\n..." not in code, f"{page} block {number}: prompt left in copy:\n{code}"
        try:
            compile(code, f"{page} block {number}", "exec")
        except SyntaxError as error:
            pytest.fail(f"{page} block {number}: copied code does not compile ({error}):\n{code}")
