"""The tooling's folders are its parts: imports run one way, and CONTRIBUTING.md's table matches the folders.

CONTRIBUTING.md lists docs_tools/ part by part: the shared modules first, then
each folder, then hooks.py. A module may import the shared modules, modules
of its own part, and parts listed before its own; the shared modules import
no part. So the parts form no cycle. The tooling imports absolutely
(``from docs_tools.render import formulas``); a relative import is refused,
so every import is seen here.
"""

from __future__ import annotations

import ast
import functools
import re
import tomllib
from pathlib import Path

import pytest

from docs_tools.pages import ROOT

TOOLING = ROOT / "docs_tools"
TABLE_START = "The tooling, `docs_tools/`"
PART_ROW = re.compile(r"^\| \*\*(?:`(?P<folder>[\w/.]+)`|(?P<shared>shared))\*\*")
PATH_CELL = re.compile(r"`([\w/.]+)`")


@functools.cache
def table() -> tuple[list[str], dict[str, str]]:
    """CONTRIBUTING.md's tooling table: its parts in order ('shared', each folder, 'hooks.py'), and the part of each path it names."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = [line for line in text[text.index(TABLE_START) :].split("\n\n", 2)[1].splitlines() if line.startswith("| ")]
    order, parts_of_paths, part = [], {}, None
    for row in rows[2:]:  # after the header and its rule
        match = PART_ROW.match(row)
        if match:
            part = match["shared"] or match["folder"].rstrip("/")
            order.append(part)
        for path in PATH_CELL.findall(row.split(" | ")[0]):
            parts_of_paths[path] = part
    return order, parts_of_paths


def part_of(module: Path) -> str:
    """A folder's modules are its part; a top-level module is in the part whose rows name it (an entry point may sit in a part's rows)."""
    relative = module.relative_to(TOOLING)
    if len(relative.parts) > 1:
        return relative.parts[0]
    return table()[1].get(relative.name, "shared")


def imported_parts(module: Path) -> set[str]:
    """The parts of docs_tools that `module` imports (at top level or inside functions)."""
    parts = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"docs_tools/{module.relative_to(TOOLING)}:{node.lineno}: a relative import; write it from docs_tools")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "docs_tools":
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.split(".")[0] == "docs_tools"]
        else:
            continue
        for name in names:
            dotted = name.split(".")[1:]
            if dotted and (TOOLING / dotted[0]).is_dir():
                parts.add(dotted[0])
            elif dotted and dotted[0] == "hooks":
                parts.add("hooks.py")
            elif dotted:
                parts.add("shared")
    return parts


MODULES = sorted(p for p in TOOLING.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_table_lists_the_parts_and_every_folder():
    parts = table()[0]
    folders = sorted(p.name for p in TOOLING.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert parts[0] == "shared" and parts[-1] == "hooks.py", parts
    assert sorted(parts[1:-1]) == folders, f"CONTRIBUTING.md's table has parts {parts}; docs_tools/ has folders {folders}"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(TOOLING).as_posix())
def test_imports_run_one_way(module):
    order = table()[0]
    own, imported = part_of(module), imported_parts(module)
    later = {part for part in imported if part != own and part != "shared" and order.index(part) > order.index(own)}
    assert not later, f"docs_tools/{module.relative_to(TOOLING)} ({own}) imports {sorted(later)}, listed after it in CONTRIBUTING.md"
    if own == "shared":
        assert imported <= {"shared"}, f"docs_tools/{module.relative_to(TOOLING)} is shared but imports {sorted(imported)}"


def test_the_table_names_every_module_and_nothing_else():
    files = {
        p.relative_to(TOOLING).as_posix()
        for p in TOOLING.rglob("*")
        if p.is_file() and p.suffix in {".py", ".mjs", ".j2"} and p.name != "__init__.py" and "__pycache__" not in p.parts
    }
    named = set(table()[1])
    # the PDF books' modules have a table of their own (CONTRIBUTING.md, "The PDF books"), by full path
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    unlisted = {
        f
        for f in files
        if f not in named
        and not (f.startswith("book/") and (f.endswith("__main__.py") or f"`docs_tools/{f}`" in contributing))
    }
    assert not unlisted, f"CONTRIBUTING.md's tooling table does not name {sorted(unlisted)}"
    missing = {path for path in named if not (TOOLING / path).exists()}
    assert not missing, f"CONTRIBUTING.md's tooling table names {sorted(missing)}, which docs_tools/ does not have"


def test_every_folder_is_packaged():
    packages = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in TOOLING.rglob("__init__.py")}
    assert packages == folders, f"pyproject.toml packages {sorted(packages)}; folders with __init__.py {sorted(folders)}"
