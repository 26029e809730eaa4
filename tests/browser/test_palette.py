"""The colour-scheme toggle (docs/assets/javascripts/before-material.js runs it; Material's bundle does not mount it).

It shows the button for the other scheme, switches on a click or on Enter,
keeps the reader's choice on the next page, and Material's palette
component is not mounted (its start-up recomputes the whole page's style).
"""

from __future__ import annotations

import pytest

from actions import assert_clean, open_page
from docs_tools.pages import LANGUAGES, ROOT, language_root

pytestmark = pytest.mark.browser

SCHEME = "document.body.getAttribute('data-md-color-scheme')"
SHOWN_BUTTON = "document.querySelector('form[data-palette] label:not([hidden])')?.getAttribute('for')"


def test_schemes_do_not_follow_the_system_setting():
    """before-material.js shows the toggle for the scheme on <body>; following the system's setting ("media") is Material's job."""
    from mkdocs.config import load_config  # ProperDocs, through docs_tools' alias

    palettes = load_config(str(ROOT / "mkdocs.yml")).theme["palette"]
    with_media = [scheme for scheme in palettes if scheme.get("media")]
    assert not with_media, f"mkdocs.yml: palettes with a media query need Material's palette component back: {with_media}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_toggle_switches_and_the_choice_stays(page, site_url, language):
    root = site_url + language_root(language)
    open_page(page, root + "03-tensors/")
    assert page.locator("[data-md-component='palette']").count() == 0, "Material's palette component is still mounted"
    assert page.evaluate(SCHEME) == "default"
    assert page.evaluate(SHOWN_BUTTON) == "__palette_1", "the button for the dark scheme is not shown"
    assert page.locator("meta[name='theme-color']").get_attribute("content").startswith("#")
    page.locator("form[data-palette] label:not([hidden])").click()
    assert page.evaluate(SCHEME) == "slate"
    assert page.evaluate(SHOWN_BUTTON) == "__palette_0", "the button back to the light scheme is not shown"
    assert page.locator("meta[name='color-scheme']").get_attribute("content") == "dark"
    open_page(page, root + "04-gradients/")
    assert page.evaluate(SCHEME) == "slate", "the dark scheme was not kept on the next page"
    assert page.evaluate(SHOWN_BUTTON) == "__palette_0"
    assert page.locator("meta[name='color-scheme']").get_attribute("content") == "dark"
    assert_clean(page, root)


def test_toggle_from_the_keyboard(page, site_url):
    open_page(page, site_url + "03-tensors/")
    page.locator("form[data-palette] input:checked").focus()
    page.keyboard.press("Enter")
    assert page.evaluate(SCHEME) == "slate"
    page.keyboard.press("Enter")
    assert page.evaluate(SCHEME) == "default"
    assert_clean(page, site_url + "03-tensors/")
