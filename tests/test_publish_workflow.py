"""The publishing workflow (.github/workflows/publish.yml) runs only the README's commands.

Its `run:` steps are commands that README.md shows (in code blocks or inline
code), environment assignments aside; every other step is a standard setup
or GitHub Pages action. The site is built with SITE_URL set, deployed with
the Pages actions, and a second job runs the GPU tests on a self-hosted GPU
runner whose labels the README names.
"""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from docs_tools.pages import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
README = ROOT / "README.md"
ACTIONS = {
    "actions/checkout",
    "actions/setup-node",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}


def command(line: str) -> str:
    """A shell command without its leading VAR=value assignments and trailing comment."""
    words = shlex.split(line, comments=True)
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        words.pop(0)
    return " ".join(words)


def readme_commands() -> set[str]:
    text = README.read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"^```(?:bash|sh|shell)?\n(.*?)^```", text, re.S | re.M):
        lines += block.splitlines()
    # Inline code that is a command: `make test-fast`, `.venv/bin/pytest -m gpu`.
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M))
    lines += [span for span in inline if re.match(r"(?:[A-Z_][A-Z0-9_]*=\S+ )*(?:make|npm|\.venv/bin/\S+) ", span)]
    found = set()
    for line in lines:
        try:
            found.add(command(line))
        except ValueError:  # not shell (an unbalanced quote in prose)
            continue
    return found - {""}


@pytest.fixture(scope="module")
def workflow() -> dict:
    assert WORKFLOW.is_file(), f"{WORKFLOW.relative_to(ROOT)} is missing"
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_runs_only_readme_commands(workflow):
    known = readme_commands()
    strangers = []
    for job, step in steps(workflow):
        if "run" in step:
            strangers += [f"{job}: {line}" for line in step["run"].splitlines() if line.strip() and command(line) not in known]
        else:
            action = step["uses"].split("@")[0]
            if action not in ACTIONS:
                strangers.append(f"{job}: uses {step['uses']}")
    assert not strangers, f"steps that are neither README commands nor standard actions: {strangers}"


def test_tests_then_builds_with_site_url_then_deploys(workflow):
    jobs = workflow["jobs"]
    build = [step for step in jobs["build"]["steps"]]
    runs = [command(step["run"]) for step in build if "run" in step]
    assert runs == ["make test", "make build"], runs
    make_build = next(step for step in build if step.get("run") == "make build")
    assert "SITE_URL" in make_build.get("env", {}), "the published build must set SITE_URL"
    uses = [step["uses"].split("@")[0] for step in build if "uses" in step]
    assert uses[-1] == "actions/upload-pages-artifact", uses
    assert build[-1].get("with", {}).get("path") == "site", "upload the folder `make build` writes"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build" or "build" in deploy["needs"]
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_gpu_job_on_a_self_hosted_gpu_runner(workflow):
    gpu = workflow["jobs"]["gpu"]
    labels = gpu["runs-on"]
    assert isinstance(labels, list) and "self-hosted" in labels and "gpu" in labels, labels
    assert any(command(step.get("run", "")).endswith("pytest -m gpu") for step in gpu["steps"]), gpu["steps"]
    readme = README.read_text(encoding="utf-8")
    assert f"[{', '.join(labels)}]" in readme, "README.md should name the GPU runner's labels"
    assert "needs" not in workflow["jobs"]["deploy"] or "gpu" not in workflow["jobs"]["deploy"]["needs"], (
        "publishing must not wait for a self-hosted runner that may not exist"
    )
