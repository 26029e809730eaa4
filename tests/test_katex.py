"""The formula renderer: KaTeX's answer, a clear error for bad TeX, and no hang when node hangs."""

from __future__ import annotations

import pytest

from docs_tools import katex


def test_renders_with_mathml_for_screen_readers():
    html = katex.render_tex(r"\frac{a}{b}", False, "test")
    assert 'class="katex"' in html and "<math" in html


def test_bad_tex_names_the_page_and_the_formula():
    with pytest.raises(katex.MathError, match=r"docs/en/x\.md: cannot render formula '\\\\frac\{a'"):
        katex.render_tex(r"\frac{a", False, "docs/en/x.md")


def test_a_hung_node_process_is_an_error_not_a_hang(tmp_path, monkeypatch):
    silent = tmp_path / "silent.mjs"
    silent.write_text("process.stdin.resume(); setInterval(() => {}, 1000);\n", encoding="utf-8")
    monkeypatch.setattr(katex, "REPLY_TIMEOUT_S", 1)
    renderer = katex.Renderer(script=silent)
    with pytest.raises(katex.MathError, match="gave no answer in 1 s"):
        renderer.render("x", False)
