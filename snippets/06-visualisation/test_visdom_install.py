"""The chapter's Visdom install commands are the ones this project installs Visdom with.

The notes' `pip install visdom` fails today (visdom 0.2.4's setup.py imports
pkg_resources, gone from setuptools 82) and, with tornado 6.6, its web page
answers 403 (the chapter's erratum). `make install` installs visdom exactly
the way the page says, and test_visdom_server.py then runs the server and the
page's program against it; here the page's commands are checked to carry the
same three fixes, and the installed versions to be the ones they pin.
"""

from __future__ import annotations

from importlib.metadata import version

import pytest
from packaging.version import Version

from docs_tools.pages import LANGUAGES, fences, pages


def install_commands(language: str) -> list[str]:
    page = pages(language)["06-visualisation.md"]
    lines = [line.strip() for fence in fences(page) if fence.language == "bash" for line in fence.body.splitlines()]
    return [line for line in lines if line.startswith("pip install")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_installs_visdom_with_the_fixes(language):
    commands = install_commands(language)
    assert any('"setuptools>=70.1,<81"' in command for command in commands), commands
    visdom = [command for command in commands if " visdom" in command and "--build-constraint" not in command]
    assert visdom and all("--no-build-isolation" in command and '"tornado<6.6"' in command for command in visdom), visdom


def test_the_tested_environment_has_the_pinned_versions():
    """The versions the server test runs with are the ones the page pins."""
    assert Version(version("setuptools")) < Version("81")
    assert Version(version("tornado")) < Version("6.6")
    assert version("visdom") == "0.2.4"
