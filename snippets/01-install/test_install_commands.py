"""The install commands the chapter tells readers to type still work.

Two of the notes' commands went stale (the chapter's errata): an environment
with Python 3.6, which torch no longer installs into, and the `-c pytorch -c
nvidia` conda channels, which stopped at torch 2.5. Neither can be run here
(no conda, no network), so these tests hold the page's commands to what can
be checked: every Python version a command creates an environment with is one
the tested torch accepts, and no command uses the stale channels.
"""

from __future__ import annotations

import re
from importlib.metadata import metadata

import pytest
from packaging.specifiers import SpecifierSet

from docs_tools.pages import LANGUAGES, fences, pages

STALE_CHANNELS = re.compile(r"-c\s+(?:pytorch|nvidia)\b|pytorch-cuda")
PYTHON_VERSION = re.compile(r"\bpython=(\d+\.\d+)")


def shell_commands(language: str) -> str:
    """The chapter's shell blocks, outside the errata (which quote the notes' commands)."""
    page = pages(language)["01-install.md"]
    return "\n".join(fence.body for fence in fences(page) if fence.language in ("bash", "sh", "shell", "console"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_environments_use_a_python_that_torch_accepts(language):
    accepted = SpecifierSet(metadata("torch")["Requires-Python"])
    versions = PYTHON_VERSION.findall(shell_commands(language))
    assert versions, "the chapter creates no environment with a Python version"
    rejected = [version for version in versions if version not in accepted]
    assert not rejected, f"docs/{language}/01-install.md: torch requires Python {accepted}, the page uses {rejected}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_command_uses_the_stale_conda_channels(language):
    stale = STALE_CHANNELS.findall(shell_commands(language))
    assert not stale, f"docs/{language}/01-install.md tells readers to use {stale}"


def test_the_checks_catch_the_notes_commands():
    notes = "conda create -n evn_name python=3.6\nconda install pytorch pytorch-cuda=11.8 -c pytorch -c nvidia"
    assert PYTHON_VERSION.findall(notes) == ["3.6"] and "3.6" not in SpecifierSet(metadata("torch")["Requires-Python"])
    assert STALE_CHANNELS.findall(notes) == ["pytorch-cuda", "-c pytorch", "-c nvidia"]
