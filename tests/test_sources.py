"""Rules on the Markdown sources: code comes from snippets/, images resolve, snippets are used."""

from __future__ import annotations

import pytest

from docs_tools.inputs import generate
from docs_tools.pages import LANGUAGES, PYTHON_LANGS, ROOT, SNIPPETS, fences, images, includes, pages, resolve_image

ALL_PAGES = [page for language in LANGUAGES for page in pages(language).values()]
IDS = [page.relative_to(ROOT).as_posix() for page in ALL_PAGES]


@pytest.mark.parametrize("page", ALL_PAGES, ids=IDS)
def test_no_inline_python(page):
    """Python and doctest blocks only include snippet files; no code is typed into a page."""
    inline = [
        f"{page.relative_to(ROOT)}:{fence.line}: ```{fence.language} block is written inline"
        for fence in fences(page)
        if (fence.language in PYTHON_LANGS or ">>>" in fence.body) and not fence.includes_only
    ]
    assert not inline, "\n".join(inline)


@pytest.mark.parametrize("page", ALL_PAGES, ids=IDS)
def test_includes_point_at_snippet_files(page):
    wrong = [target for target in includes(page) if not (target.startswith("snippets/") and (ROOT / target.split(":")[0]).is_file())]
    assert not wrong, f"{page.relative_to(ROOT)} includes missing or non-snippet files: {wrong}"


@pytest.fixture(scope="module")
def drawn_figures():
    return generate.draw_figures(log=lambda message: None)


@pytest.mark.parametrize("page", ALL_PAGES, ids=IDS)
def test_every_image_resolves(page, drawn_figures):
    broken = []
    for target in images(page):
        path = resolve_image(page, target)
        if path is None:
            broken.append(f"{target} (remote or absolute: the site must work offline)")
        elif not path.is_file():
            broken.append(target)
    assert not broken, f"{page.relative_to(ROOT)} has broken images: {broken}"


def test_every_snippet_and_figure_is_on_a_page(drawn_figures):
    shown = {target.split(":")[0] for page in ALL_PAGES for target in includes(page)}
    unused = [
        path.relative_to(ROOT).as_posix()
        for path in sorted(SNIPPETS.rglob("*.pycon"))
        if path.relative_to(ROOT).as_posix() not in shown
    ]
    drawn = {path.resolve() for path in drawn_figures}
    used = {resolve_image(page, target) for page in ALL_PAGES for target in images(page)}
    unused += [str(path.relative_to(ROOT)) for path in sorted(drawn - used)]
    assert not unused, f"tested but never shown on a page: {unused}"
