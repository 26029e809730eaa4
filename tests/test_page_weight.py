"""What keeps pages light (benchmarks/budgets.py measures them): formulas need one small math font,
and the site's figures are minified SVG (docs_tools/render/page_weight.py) drawing the same picture."""

from __future__ import annotations

import html
import re
import unicodedata

from docs_tools.pages import FIGURES
from docs_tools.render import formulas, page_weight

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def test_math_font_is_a_small_subset_covering_every_formula(built_site):
    """The math stylesheet names only files the site has; its font is a subset (not Noto Sans Math's 256 KiB)
    with a MATH table, and draws every character of every formula on the site."""
    from fontTools.ttLib import TTFont

    folder = built_site / formulas.ASSETS
    css = (folder / "math.css").read_text(encoding="utf-8")
    urls = [url.strip("'\"") for url in re.findall(r"url\(([^)]*)\)", css) if not url.startswith(("'data:", '"data:', "data:"))]
    assert formulas.FONT in urls, urls
    assert all((folder / url).is_file() for url in urls), "the stylesheet names a font that is not there"
    font_file = folder / formulas.FONT
    assert font_file.stat().st_size < 64 * 1024, f"{font_file.name}: {font_file.stat().st_size} bytes"
    font = TTFont(font_file)
    assert "MATH" in font, "the math font lost its MATH table (browsers need it to lay out formulas)"
    drawn = set(font.getBestCmap())
    used = set()
    for page in built_site.rglob("*.html"):
        for formula in re.findall(r"<math\b.*?</math>", page.read_text(encoding="utf-8"), re.S):
            for text in re.findall(r"<(mi|mn|mo|mtext)\b[^>]*>([^<]*)</\1>", formula):
                used.update(ord(c) for c in html.unescape(text[1]) if not CJK.match(c))  # CJK text: the page's own font
    assert used, "no formula found in the built site"
    missing = sorted(chr(c) for c in used - drawn if unicodedata.category(chr(c)) != "Cf")  # Cf: invisible operators
    assert not missing, f"characters of formulas the math font cannot draw (add them to formulas.CHARACTERS): {missing}"


def test_site_figures_are_minified(built_site):
    sources = sorted(p.relative_to(FIGURES) for p in FIGURES.rglob("*.svg"))
    site = built_site / page_weight.FIGURES
    assert sources == sorted(p.relative_to(site) for p in site.rglob("*.svg"))
    for relative in sources:
        text = (site / relative).read_text(encoding="utf-8")
        assert "<metadata>" not in text and "<!--" not in text, relative
        assert not re.search(r' d="[^"]*\d\.\d{3}', text), f"{relative}: path data keeps long decimals"
        assert page_weight.minify_svg(text) == text, f"{relative}: not minified"


def test_minify_svg_rounds_coordinates_only():
    svg = (
        '<svg width="712.602812pt" viewBox="0 0 712.602812 280.558125">\n <metadata>\n  <rdf:RDF/>\n </metadata>\n'
        ' <g>\n  <!-- 0.75 -->\n  <path d="M 52.482813 242.358125 \nL 351.001641 -0.001 \nz\n" style="stroke-width: 0.8"/>\n'
        '  <use xlink:href="#g" x="200.726337" y="156.480538" transform="translate(84.651788 256.955781) scale(0.1 -0.1)"/>\n'
        '  <path id="g" d="M 2034 4250 Q 1547 4250 1301 3770" transform="scale(0.015625)"/>\n'
        '  <image xlink:href="data:image/png;base64,iVBORw0KGgo+/=" x="1.25"/>\n </g>\n</svg>\n'
    )
    small = page_weight.minify_svg(svg)
    assert small == (
        '<svg width="712.6pt" viewBox="0 0 712.602812 280.558125"><g>'
        '<path d="M 52.48 242.36 L 351 0 z" style="stroke-width: 0.8"/>'
        '<use xlink:href="#g" x="200.73" y="156.48" transform="translate(84.65 256.96) scale(0.1 -0.1)"/>'
        '<path id="g" d="M 2034 4250 Q 1547 4250 1301 3770" transform="scale(0.015625)"/>'
        '<image xlink:href="data:image/png;base64,iVBORw0KGgo+/=" x="1.25"/></g></svg>\n'
    )
    assert page_weight.minify_svg(small) == small
