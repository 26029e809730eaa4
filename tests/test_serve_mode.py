"""`make serve`: a save shows in seconds, because the notebooks are left out while serving.

docs_tools/hooks.py learns from on_startup whether the site is being served;
then it draws only stale figures before each build, removes the notebook pages
and downloads from the files, and adds no notebook links to the chapters. A
build (`make build`, the tests' builds) keeps all of it.
"""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File, Files

from docs_tools import hooks


def site_files(tmp_path) -> Files:
    names = ["zh/03-tensors.md", "zh/notebooks/03-tensors.md", "zh/notebooks/03-tensors.ipynb", "en/index.md"]
    return Files([File(name, str(tmp_path), str(tmp_path / "site"), use_directory_urls=True) for name in names])


@pytest.fixture()
def serving():
    yield lambda command: hooks.on_startup(command=command, dirty=False)
    hooks.on_startup(command="build", dirty=False)


def test_serving_leaves_the_notebooks_out(tmp_path, serving):
    serving("serve")
    kept = [file.src_uri for file in hooks.on_files(site_files(tmp_path), config=None)]
    assert kept == ["zh/03-tensors.md", "en/index.md"]


def test_a_build_keeps_the_notebooks(tmp_path, serving):
    serving("build")
    assert len(hooks.on_files(site_files(tmp_path), config=None)) == 4
