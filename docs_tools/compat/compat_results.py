"""A pytest plugin for the compatibility run: one JSON record per collected doctest example.

Loaded by docs_tools.compat.compat_run inside each compatibility environment
(``python -m pytest -p docs_tools.compat.compat_results ...``), it writes to the file
named by ``$COMPAT_RESULTS``: for every item its file, line, outcome, the
recorded output (what the page shows) and, when it failed, what this release
printed instead (doctest's "Got:" part, or the exception it raised).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

_records: dict[str, dict] = {}


def _example_of(item):
    example = getattr(item, "example", None)  # Sybil's items carry their example
    parsed = getattr(example, "parsed", None)
    return example, parsed


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        example, parsed = _example_of(item)
        _records[item.nodeid] = {
            "id": item.nodeid,
            "file": item.nodeid.split("::")[0],
            "line": getattr(example, "line", None),
            "source": getattr(parsed, "source", None),
            "expected": getattr(parsed, "want", None),
            "outcome": None,
        }


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    record = _records.setdefault(item.nodeid, {"id": item.nodeid, "file": item.nodeid.split("::")[0], "outcome": None})
    if report.skipped:
        record["outcome"] = "skipped"
        longrepr = report.longrepr
        record["reason"] = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    elif report.failed:
        record["outcome"] = "failed" if report.when == "call" else "error"
        value = call.excinfo.value if call.excinfo is not None else None
        result = getattr(value, "result", None)  # sybil.example.SybilFailure: doctest's report
        record["message"] = result if isinstance(result, str) else str(report.longrepr)
    elif report.when == "call" and record["outcome"] is None:
        record["outcome"] = "passed"


def pytest_sessionfinish(session, exitstatus):
    target = os.environ.get("COMPAT_RESULTS")
    if not target:
        return
    Path(target).write_text(json.dumps(list(_records.values()), ensure_ascii=False, indent=1), encoding="utf-8")
