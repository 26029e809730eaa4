"""What keeps pages light (benchmarks/budgets.py measures them): KaTeX ships WOFF2 fonts only,
and the site's figures are minified SVG (docs_tools/page_weight.py) drawing the same picture."""

from __future__ import annotations

import re

from docs_tools import katex, page_weight
from docs_tools.figures import OUTPUT


def test_katex_ships_woff2_fonts_only(built_site):
    folder = built_site / katex.ASSETS
    fonts = sorted(p.name for p in (folder / "fonts").iterdir())
    assert fonts and all(name.endswith(".woff2") for name in fonts), fonts
    css = (folder / "katex.min.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]*)\)", css)
    assert urls and all(url.endswith(".woff2") for url in urls), [u for u in urls if not u.endswith(".woff2")]
    assert all((folder / url).is_file() for url in urls), "the stylesheet names a font that is not there"


def test_site_figures_are_minified(built_site):
    sources = sorted(p.relative_to(OUTPUT) for p in OUTPUT.rglob("*.svg"))
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
