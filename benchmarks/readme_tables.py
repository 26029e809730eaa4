"""The benchmarks' tables in README.md, each between its own markers (<!-- NAME:start --> ... <!-- NAME:end -->)."""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def current(name: str) -> str:
    """The text between NAME's markers now."""
    start, end = markers(name)
    content = README.read_text(encoding="utf-8")
    if start not in content or end not in content:
        sys.exit(f"README.md has no {start} ... {end} markers")
    return content.split(start, 1)[1].split(end, 1)[0]


def replace(name: str, text: str) -> None:
    """Put `text` between NAME's markers."""
    current(name)  # the markers are there
    start, end = markers(name)
    content = README.read_text(encoding="utf-8")
    before, rest = content.split(start, 1)
    after = rest.split(end, 1)[1]
    README.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")
