"""The compatibility workflow (.github/workflows/compat.yml) runs `make compat`'s code, one job per pair.

Its `run:` steps are Makefile targets whose recipes call docs_tools.compat.compat_run
with flags it has; the variables the workflow sets are the ones those recipes
read; the matrix is the pairs job's list; the pieces are uploaded, merged,
and the report uploaded from where docs_tools.compat.compat_run writes them. Manual
and weekly; the weekly run adds the newest release on PyPI.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from docs_tools.compat import compat_run
from docs_tools.pages import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "compat.yml"
MAKEFILE = ROOT / "Makefile"


@pytest.fixture(scope="module")
def workflow() -> dict:
    assert WORKFLOW.is_file(), f"{WORKFLOW.relative_to(ROOT)} is missing"
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def recipes() -> dict[str, list[str]]:
    """Each Makefile target's recipe lines (tabs and a leading @ removed)."""
    found: dict[str, list[str]] = {}
    target = None
    for line in MAKEFILE.read_text(encoding="utf-8").splitlines():
        rule = re.match(r"^([A-Za-z][\w-]*)\s*:(?!=)", line)
        if rule:
            target = rule[1]
            found[target] = []
        elif line.startswith("\t") and target:
            found[target].append(line.strip().lstrip("@"))
        elif line.strip() and not line.startswith("#"):
            target = None
    return found


def compat_run_flags(recipe: list[str]) -> list[str]:
    lines = [line for line in recipe if "-m docs_tools.compat.compat_run" in line]
    return re.findall(r"(--[a-z-]+)", " ".join(lines))


def triggers(workflow) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def runs(job) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def test_manual_and_weekly(workflow):
    on = triggers(workflow)
    assert "workflow_dispatch" in on
    assert on["schedule"] and all(len(entry["cron"].split()) == 5 and entry["cron"].split()[4] != "*" for entry in on["schedule"]), on["schedule"]


def test_every_run_is_a_makefile_target_that_runs_compat_run(workflow):
    targets = recipes()
    for name, job in workflow["jobs"].items():
        for command in runs(job):
            words = command.split()
            assert len(words) == 2 and words[0] == "make", f"{name}: `{command}` is not a bare `make TARGET`"
            assert words[1] in targets, f"{name}: the Makefile has no target {words[1]}"
            assert any("$(PYTHON) -m docs_tools.compat.compat_run" in line for line in targets[words[1]]), f"{words[1]} does not run docs_tools.compat.compat_run"
    assert [runs(job) for job in workflow["jobs"].values()] == [["make compat-pairs"], ["make compat-pair"], ["make compat-merge"]]


def test_the_recipes_use_flags_compat_run_has():
    help_text = subprocess.run([sys.executable, "-m", "docs_tools.compat.compat_run", "--help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    targets = recipes()
    for target in ("compat", "compat-pairs", "compat-pair", "compat-merge"):
        flags = compat_run_flags(targets[target])
        assert flags, f"{target}: no docs_tools.compat.compat_run call"
        missing = [flag for flag in flags if flag not in help_text]
        assert not missing, f"{target} passes {missing}, which docs_tools.compat.compat_run does not take"
    # The local run writes its pieces where the merge reads them, and merges them.
    assert "$(COMPAT_PIECES)" in " ".join(targets["compat"]) and "--pieces-only" not in " ".join(targets["compat"])
    assert "--pieces-only" in " ".join(targets["compat-pair"]) and "$(PAIR)" in " ".join(targets["compat-pair"])
    assert "--merge $(COMPAT_PIECES)" in " ".join(targets["compat-merge"])


def test_the_variables_the_workflow_sets_are_the_makefiles(workflow):
    makefile = MAKEFILE.read_text(encoding="utf-8")
    names = set(workflow.get("env", {}))
    for job in workflow["jobs"].values():
        names |= set(job.get("env", {}))
        for step in job["steps"]:
            if "run" in step:
                names |= set(step.get("env", {}))
    assert names == {"COMPAT_PIECES", "PAIR", "NEWEST_ON_PYPI"}, names
    for name in names:
        assert f"$({name})" in makefile, f"the Makefile does not read {name}"
    pairs_step = next(step for step in workflow["jobs"]["pairs"]["steps"] if step.get("run") == "make compat-pairs")
    assert "schedule" in pairs_step["env"]["NEWEST_ON_PYPI"], "the weekly run must add the newest release on PyPI"


def test_one_job_per_pair_then_the_merge(workflow):
    jobs = workflow["jobs"]
    pairs_step = next(step for step in jobs["pairs"]["steps"] if step.get("run") == "make compat-pairs")
    assert jobs["pairs"]["outputs"]["pairs"] == f"${{{{ steps.{pairs_step['id']}.outputs.pairs }}}}"
    pair = jobs["pair"]
    assert pair["needs"] == "pairs"
    assert pair["strategy"]["matrix"]["pair"] == "${{ fromJSON(needs.pairs.outputs.pairs) }}"
    assert pair["strategy"]["fail-fast"] is False, "one pair's failure must not cancel the others"
    run_step = next(step for step in pair["steps"] if step.get("run") == "make compat-pair")
    assert run_step["env"]["PAIR"] == "${{ matrix.pair }}"
    upload = next(step for step in pair["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "${{ env.COMPAT_PIECES }}"
    assert "${{" in upload["with"]["name"], "each job's artifact needs a name of its own"
    report = jobs["report"]
    assert report["needs"] == "pair"
    download = next(step for step in report["steps"] if step.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["path"] == "${{ env.COMPAT_PIECES }}" and download["with"]["merge-multiple"] is True
    assert download["with"]["pattern"].replace("*", "0") == upload["with"]["name"].replace("${{ strategy.job-index }}", "0")
    steps = report["steps"]
    merged = next(i for i, step in enumerate(steps) if step.get("run") == "make compat-merge")
    final = steps[merged + 1]
    assert final["uses"].startswith("actions/upload-artifact@")
    assert final["with"]["path"] == compat_run.REPORT.relative_to(ROOT).as_posix()
