"""Bad input stops the build early, with a message that names the file at fault.

Each case breaks a tiny copy of the project (the real tooling and
configuration, two pages per language: tests/conftest.py's tiny_site), so a
build takes seconds; the first test shows that the tiny site builds.
"""

from __future__ import annotations

from tests.conftest import site_build


def build_fails_naming(project, tmp_path, *names):
    result = site_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"build passed despite the fault:\n{output}"
    for name in names:
        assert name in output, f"the error does not name {name}:\n{output}"


def append(project, page, text):
    path = project / page
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_tiny_site_builds(tiny_site, tmp_path):
    result = site_build(tiny_site, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "en" / "guide" / "index.html").is_file()


def test_missing_snippet_file(tiny_site, tmp_path):
    append(tiny_site, "docs/en/guide.md", '\n```pycon\n--8<-- "snippets/01-install/no_such_file.pycon"\n```\n')
    build_fails_naming(tiny_site, tmp_path, "docs/en/guide.md", "snippets/01-install/no_such_file.pycon")


def test_page_in_one_language_only(tiny_site, tmp_path):
    (tiny_site / "docs/zh/10-extra.md").write_text("# 只有中文\n", encoding="utf-8")
    build_fails_naming(tiny_site, tmp_path, "docs/en/10-extra.md")


def test_broken_image_path(tiny_site, tmp_path):
    append(tiny_site, "docs/zh/guide.md", "\n![缺图](../assets/figures/01-install/nowhere.svg)\n")
    build_fails_naming(tiny_site, tmp_path, "docs/zh/guide.md", "nowhere.svg")


def test_figure_script_that_raises(tiny_site, tmp_path):
    script = tiny_site / "snippets/01-install/fig_broken.py"
    script.write_text("def figures():\n    raise ValueError('no data')\n", encoding="utf-8")
    build_fails_naming(tiny_site, tmp_path, "snippets/01-install/fig_broken.py", "no data")


def test_figure_script_whose_process_dies(tiny_site, tmp_path):
    """A crash takes the worker process with it (tests/test_workers.py: only that job fails); the error names the script."""
    script = tiny_site / "snippets/01-install/fig_crash.py"
    script.write_text("import os\n\n\ndef figures():\n    os._exit(3)\n", encoding="utf-8")
    build_fails_naming(tiny_site, tmp_path, "snippets/01-install/fig_crash.py failed: its process died")


def test_include_of_a_file_section_is_refused(tiny_site, tmp_path):
    """An include names one whole file; pymdownx.snippets' "file:section" form is not supported."""
    append(tiny_site, "docs/zh/guide.md", '\n```pycon\n--8<-- "snippets/01-install/check_install.pycon:no_such_section"\n```\n')
    build_fails_naming(tiny_site, tmp_path, "docs/zh/guide.md", "no_such_section")


def test_link_to_a_missing_anchor(tiny_site, tmp_path):
    append(tiny_site, "docs/en/guide.md", "\nSee [nowhere](index.md#no-such-heading).\n")
    build_fails_naming(tiny_site, tmp_path, "guide.md", "no-such-heading")
