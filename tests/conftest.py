"""Shared fixtures for the site-level tests: one strict build per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docs_tools.pages import ROOT


def mkdocs_build(project: Path, site: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project in `project`, into `site`.

    site_url: the SITE_URL to build for (mkdocs.yml's site_url); by default
    none, whatever the environment says, so the site is built for the root.
    """
    env = {name: value for name, value in __import__("os").environ.items() if name != "SITE_URL"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, both languages, built with --strict once per test run."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site


@pytest.fixture()
def project_copy(tmp_path, built_site) -> Path:
    """A throw-away copy of the sources (figures included, so nothing is redrawn)."""
    copy = tmp_path / "project"
    # .cache holds the rendered notebooks: copying it keeps each build short.
    for name in ("docs", "snippets", "docs_tools", "mkdocs.yml", ".cache"):
        source = ROOT / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    return copy
