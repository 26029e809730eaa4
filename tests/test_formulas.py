"""The formula renderer: one MathML element per formula, a clear error for bad TeX, and no hang when node hangs."""

from __future__ import annotations

import pytest

from docs_tools.render import formulas


def test_renders_mathml_once():
    """MathML is what readers see and what screen readers read: no HTML copy of the formula beside it."""
    html = formulas.render_tex(r"\frac{a}{b}", False, "test")
    assert html.startswith("<math") and html.endswith("</math>") and html.count("<math") == 1, html
    assert "<mfrac><mi>a</mi><mi>b</mi></mfrac>" in html and "<span" not in html, html
    display = formulas.render_tex(r"\sum_i x_i", True, "test")
    assert display.startswith('<math display="block"'), display


def test_mathcal_is_a_unicode_letter():
    """MathML Core has no mathvariant="script": the letter itself is the script capital."""
    assert "\u2131" in formulas.render_tex(r"\mathcal{F}", False, "test")


def test_arithmatex_markup_is_rendered_in_place():
    page = f'<p>a {formulas.arithmatex("x<1", False)}</p><div class="arithmatex">\\[x^2\\]</div><p>{formulas.arithmatex("y", True)}</p>'
    rendered, count = formulas.render_arithmatex(page, "test")
    assert count == 3, rendered
    assert "arithmatex\">\\(" not in rendered and "&lt;" in rendered, rendered
    assert '<div class="arithmatex"><math display="block"' in rendered, rendered  # a display formula keeps its <div>
    assert '<p><span class="arithmatex"><math display="block"' in rendered, rendered  # and inside a paragraph, its <span>


def test_bad_tex_names_the_page_and_the_formula():
    with pytest.raises(formulas.MathError, match=r"docs/en/x\.md: cannot render formula '\\\\frac\{a'"):
        formulas.render_tex(r"\frac{a", False, "docs/en/x.md")


def test_a_hung_node_process_is_an_error_not_a_hang(tmp_path, monkeypatch):
    silent = tmp_path / "silent.mjs"
    silent.write_text("process.stdin.resume(); setInterval(() => {}, 1000);\n", encoding="utf-8")
    monkeypatch.setattr(formulas, "REPLY_TIMEOUT_S", 1)
    renderer = formulas.Renderer(script=silent)
    with pytest.raises(formulas.MathError, match="gave no answer in 1 s"):
        renderer.render("x", False)
