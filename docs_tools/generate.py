"""Everything the site is built from that is not written by hand, written in one go.

``python -m docs_tools`` runs :func:`generate_all`, and so does the build
(docs_tools/hooks.py, before MkDocs reads the pages): the figures drawn by the
``snippets/*/fig_*.py`` scripts, and each chapter's notebook with the outputs
of a real run. None of it needs MkDocs, so another site generator can be fed
the same inputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from filelock import FileLock

from docs_tools import figures, notebook_run, notebooks
from docs_tools.pages import ROOT

# Test workers running side by side, or a build beside them, would otherwise
# draw the same figure or run the same notebook at once. Two locks: a worker
# that needs only the figures need not wait for the notebooks to run.
FIGURES_LOCK = ROOT / ".cache" / "figures.lock"
NOTEBOOKS_LOCK = ROOT / ".cache" / "notebooks.lock"


class GenerationError(RuntimeError):
    """A generated input could not be written; the message names the file at fault."""


def draw_figures(log=print) -> dict[Path, Path]:
    """Bring every figure up to date; returns {figure file: the script that drew it}."""
    FIGURES_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(FIGURES_LOCK):
        return figures.generate(log=log)


def write_notebooks(log=print) -> None:
    NOTEBOOKS_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(NOTEBOOKS_LOCK):
        notebooks.write_all(log=log)


def generate_all(log=print) -> dict[Path, Path]:
    """Write every generated input; returns {figure file: the script that drew it}."""
    try:
        drawn = draw_figures(log)
        write_notebooks(log)
    except (figures.FigureScriptError, notebooks.NotebookError, notebook_run.NotebookRunError) as error:
        raise GenerationError(str(error)) from error
    return drawn


def main() -> None:
    try:
        generate_all()
    except GenerationError as error:
        sys.exit(f"error: {error}")
