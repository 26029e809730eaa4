"""Bad input stops the build early, with a message that names the file at fault."""

from __future__ import annotations

from tests.conftest import mkdocs_build


def build_fails_naming(project, tmp_path, *names):
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"build passed despite the fault:\n{output}"
    for name in names:
        assert name in output, f"the error does not name {name}:\n{output}"


def test_missing_snippet_file(project_copy, tmp_path):
    page = project_copy / "docs/en/01-install.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n```pycon\n--8<-- "snippets/01-install/no_such_file.pycon"\n```\n', encoding="utf-8")
    build_fails_naming(project_copy, tmp_path, "snippets/01-install/no_such_file.pycon")


def test_page_in_one_language_only(project_copy, tmp_path):
    (project_copy / "docs/zh/10-extra.md").write_text("# 只有中文\n", encoding="utf-8")
    build_fails_naming(project_copy, tmp_path, "docs/en/10-extra.md")


def test_broken_image_path(project_copy, tmp_path):
    page = project_copy / "docs/zh/01-install.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![缺图](../assets/figures/01-install/nowhere.svg)\n", encoding="utf-8")
    build_fails_naming(project_copy, tmp_path, "01-install.md", "nowhere.svg")


def test_figure_script_that_raises(project_copy, tmp_path):
    script = project_copy / "snippets/01-install/fig_broken.py"
    script.write_text("def figures():\n    raise ValueError('no data')\n", encoding="utf-8")
    build_fails_naming(project_copy, tmp_path, "snippets/01-install/fig_broken.py", "no data")


def test_missing_snippet_section(project_copy, tmp_path):
    page = project_copy / "docs/zh/01-install.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n```pycon\n--8<-- "snippets/01-install/check_install.pycon:no_such_section"\n```\n', encoding="utf-8")
    build_fails_naming(project_copy, tmp_path, "no_such_section")


def test_link_to_a_missing_anchor(project_copy, tmp_path):
    page = project_copy / "docs/en/01-install.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [nowhere](index.md#no-such-heading).\n", encoding="utf-8")
    build_fails_naming(project_copy, tmp_path, "01-install.md", "no-such-heading")
