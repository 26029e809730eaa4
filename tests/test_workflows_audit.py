"""The GitHub Actions workflows pass a security audit: zizmor, offline, no finding at medium or above.

zizmor (in the `test` extra) is run on .github/workflows/ without the network
(its online audits, which ask GitHub about the pinned commits, are left out),
with its default "regular" persona. Beside it, the conventions zizmor does
not spell out: every action pinned to a full commit with its release tag in a
comment, no credentials kept by checkout, and no permission given to a
workflow as a whole (each job names its own).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from docs_tools.pages import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
ZIZMOR = Path(sys.executable).parent / "zizmor"
FILES = sorted(WORKFLOWS.glob("*.yml"))


def test_zizmor_finds_nothing_at_medium_or_above():
    assert ZIZMOR.is_file(), f"{ZIZMOR} is missing: `make install` (zizmor is in the test extra)"
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", "--no-exit-codes", "--min-severity", "medium", "--format", "json", str(WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"zizmor failed:\n{result.stderr}"
    findings = json.loads(result.stdout)
    assert not findings, "zizmor --offline .github/workflows/ reports:\n" + "\n".join(describe(finding) for finding in findings)


def describe(finding: dict) -> str:
    """ident (severity): what, at file:line `the line`, for each place zizmor names."""
    places = []
    for location in finding.get("locations", []):
        key = location.get("symbolic", {}).get("key", {}).get("Local", {})
        concrete = location.get("concrete", {})
        row = concrete.get("location", {}).get("start_point", {}).get("row")
        feature = " ".join(concrete.get("feature", "").split())
        places.append(f"{key.get('verbatim_path', '?')}:{'?' if row is None else row + 1} `{feature}`")
    return f"{finding.get('ident')} ({finding.get('determinations', {}).get('severity')}): {finding.get('desc')} at {', '.join(places)}"


def test_there_are_workflows():
    assert {path.name for path in FILES} >= {"publish.yml", "compat.yml"}


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_actions_are_pinned_to_a_commit_with_their_tag(path):
    wrong = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        uses = re.search(r"\buses:\s*(\S+)(.*)$", line)
        if uses and not re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses[1]) or uses and not re.fullmatch(r"\s+# v\d+(\.\d+)*", uses[2]):
            wrong.append(f"{path.name}:{number}: {line.strip()}")
    assert not wrong, "pin each action as `owner/repo@<40-hex commit> # vX.Y.Z`:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_no_credentials_kept_and_each_job_names_its_permissions(path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow.get("permissions") == {}, f"{path.name}: `permissions: {{}}` at the top; each job names what it needs"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} names no permissions"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: {name}: checkout without persist-credentials: false"
