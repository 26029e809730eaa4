"""Shared fixtures for the site-level tests: one strict build per test session."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from docs_tools.pages import ROOT


# `make build`'s command (ProperDocs, mkdocs.yml named explicitly), run with this interpreter.
BUILD = [sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict"]


def site_build(project: Path, site: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    """`properdocs build -f mkdocs.yml --strict` of the project in `project`, into `site`.

    site_url: the SITE_URL to build for (mkdocs.yml's site_url); by default
    none, whatever the environment says, so the site is built for the root.
    """
    env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [*BUILD, "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, request) -> Path:
    """The whole site, both languages, built with --strict once per test run.

    With pytest-xdist (`make test` runs two workers), the first worker that needs
    it builds it, in the folder the workers share; the other waits and reuses it.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if hasattr(request.config, "workerinput") else base
    site, failed = shared / "site", shared / "site.failed"
    with FileLock(str(shared / "site.lock")):
        if not failed.exists() and not (site / "index.html").is_file():
            result = site_build(ROOT, site)
            if result.returncode != 0:
                failed.write_text(f"{result.stdout}\n{result.stderr}", encoding="utf-8")
    if failed.exists():
        pytest.fail(f"properdocs build --strict failed:\n{failed.read_text(encoding='utf-8')}", pytrace=False)
    return site


TINY_PAGES = {
    "zh": "# 小站\n\n一页中文。\n\n```pycon\n--8<-- \"snippets/01-install/check_install.pycon\"\n```\n",
    "en": "# A tiny site\n\nOne English page.\n\n```pycon\n--8<-- \"snippets/01-install/check_install.pycon\"\n```\n",
}


@pytest.fixture()
def tiny_site(tmp_path) -> Path:
    """A small copy of the project, the real tooling and configuration with two pages per language.

    A bad input shows up in it as in the real site, and a build takes seconds:
    no chapter pages, so no figures to draw and no notebooks to run.
    """
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "docs_tools", copy / "docs_tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", copy / "docs" / "assets", ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(ROOT / "compat", copy / "compat")
    shutil.copy2(ROOT / "docs" / "glossary.yml", copy / "docs" / "glossary.yml")
    (copy / "snippets" / "01-install").mkdir(parents=True)
    shutil.copy2(ROOT / "snippets/01-install/check_install.pycon", copy / "snippets/01-install/check_install.pycon")
    for language, text in TINY_PAGES.items():
        (copy / "docs" / language).mkdir()
        (copy / "docs" / language / "index.md").write_text(text, encoding="utf-8")
        (copy / "docs" / language / "guide.md").write_text(text.replace("# ", "# Guide ", 1), encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = re.search(r"^nav:\n(?:[ #].*\n|\n)*", config, re.M)
    assert nav, "mkdocs.yml has no nav: the tiny site cannot replace it"
    config = config[: nav.start()] + "nav:\n  - 首页: index.md\n  - Guide: guide.md\n\n" + config[nav.end() :]
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    return copy
