"""requirements.lock, the compatibility report and the page made from it."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement

from docs_tools.compat import compat_page, compat_run
from docs_tools.pages import DOCS, LANGUAGES, ROOT


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_lock_pins_every_declared_dependency_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(spec) for spec in project["dependencies"] + project["optional-dependencies"]["test"]]
    pins = {pin["name"]: pin["version"] for pin in compat_run.read_lock()}
    wrong = []
    for requirement in declared:
        version = pins.get(_normal(requirement.name))
        if version is None:
            wrong.append(f"{requirement.name}: not in requirements.lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            wrong.append(f"{requirement.name}=={version} is outside {requirement.specifier}")
    assert not wrong, "run `make lock`:\n" + "\n".join(wrong)


def test_compat_environments_leave_torch_and_its_own_dependencies_to_pip():
    others = compat_run.other_requirements(compat_run.read_lock())
    names = {line.split("==")[0] for line in others}
    assert not names & {"torch", "torchvision", "triton", "sympy", "mpmath"}
    assert not any(name.startswith("nvidia-") for name in names)
    assert {"numpy", "pytest", "sybil", "jinja2", "setuptools", "visdom"} <= names  # shared with other packages: kept


def test_doctest_failure_reports_are_read_back():
    changed = "Expected:\n    tensor([1., 2.])\nGot:\n    tensor([2., 1.])\n    <BLANKLINE>\n"
    assert compat_run.actual_output(changed) == ("output", "tensor([2., 1.])\n\n")
    raised = (
        "Exception raised:\n    Traceback (most recent call last):\n      File \"<doctest>\", line 1, in <module>\n"
        "        x.mean()\n    RuntimeError: mean(): could not infer output dtype\n"
    )
    assert compat_run.actual_output(raised) == (
        "exception",
        "Traceback (most recent call last):\n    ...\nRuntimeError: mean(): could not infer output dtype\n",
    )


def test_report_is_for_the_locked_pair():
    report = compat_page.load()
    assert report is not None, "no compat/report.json: run `make compat`"
    torch, torchvision = compat_run.site_pair(compat_run.read_lock())
    assert report["site"] == {"torch": torch, "torchvision": torchvision}, "requirements.lock moved: run `make compat`"
    assert any(pair["torch"] == torch and pair["torchvision"] == torchvision for pair in report["pairs"])


def test_page_names_every_chapter_and_links_each_note_to_a_section():
    report = compat_page.load()
    for language in LANGUAGES:
        page = compat_page.fill((DOCS / language / "compat.md").read_text(encoding="utf-8"), f"{language}/compat.md", language)
        assert compat_page.PLACEHOLDER not in page
        for pair in report["pairs"]:
            assert f"torch {pair['torch']}" in page
        chapters = sorted(path.stem for path in (DOCS / language).glob("[0-9][0-9]-*.md"))
        for chapter in chapters:
            note = compat_page.chapter_note(chapter, language, report)
            if note is not None:
                assert f"{{#{compat_page.anchor(chapter)}}}" in page, f"{chapter}: its note links to a missing section"
                text = (DOCS / language / f"{chapter}.md").read_text(encoding="utf-8")
                filled = compat_page.fill(text, f"{language}/{chapter}.md", language)
                title, block_start, line = filled.split("\n\n", 3)[:3]
                assert title.startswith("# ") and line == note, f"{chapter}: the note is not right under the title"
