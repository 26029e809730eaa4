"""Everything the site is built from that is not written by hand, written in one go.

``python -m docs_tools`` runs :func:`generate_all`, and so does the build
(docs_tools/hooks.py, before MkDocs reads the pages): the figures drawn by the
``snippets/*/fig_*.py`` scripts, and each chapter's notebook with the outputs
of a real run, as a download and as a page of the site. None of it needs
MkDocs, so another site generator can be fed the same inputs.

Figure scripts and notebook renders share one pool of worker processes
(docs_tools.workers), so the two cores draw and render at the same time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from filelock import FileLock

from docs_tools import workers
from docs_tools.inputs import figures
from docs_tools.notebooks import chapter_notebooks, notebook_run
from docs_tools.pages import LANGUAGES, ROOT

# Test workers running side by side, or a build beside them, would otherwise
# draw the same figure or run the same notebook at once. Two locks, always
# taken in this order: a test worker that needs only the figures waits for
# them, not for notebooks to run.
FIGURES_LOCK = ROOT / ".cache" / "figures.lock"
NOTEBOOKS_LOCK = ROOT / ".cache" / "notebooks.lock"


class GenerationError(RuntimeError):
    """A generated input could not be written; the message names the file at fault."""


def draw_figures(log=print) -> dict[Path, Path]:
    """Bring every figure up to date; returns {figure file: the script that drew it}."""
    FIGURES_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(FIGURES_LOCK):
        return figures.generate(log=log)


def generate_all(log=print) -> dict[Path, Path]:
    """Write every generated input; returns {figure file: the script that drew it}."""
    FIGURES_LOCK.parent.mkdir(parents=True, exist_ok=True)
    figures_lock = FileLock(FIGURES_LOCK)
    drawn: dict[Path, Path] = {}

    def figures_drawn() -> None:
        """Notebook runs and downloads come next: finish the figures and let other workers have them."""
        drawn.update(figures.finish(jobs, log))
        figures_lock.release()

    try:
        # A figure or a notebook page to make: start the pool's server now (it imports
        # torch, matplotlib, nbconvert), so its imports overlap building the notebooks.
        work_ahead = any(map(figures.is_stale, figures.scripts())) or not all(
            chapter_notebooks.page_path(language, name).is_file() for language in LANGUAGES for name in chapter_notebooks.chapters(language)
        )
        with workers.pool(warm_up=work_ahead) as pool:
            site_copies = chapter_notebooks.site_copies()
            figures_lock.acquire()
            try:
                jobs = figures.start(pool, log=log)
                with FileLock(NOTEBOOKS_LOCK):
                    chapter_notebooks.write_all(pool, site_copies, log, figures_drawn)
            finally:
                if figures_lock.is_locked:
                    figures_lock.release()
    except (figures.FigureScriptError, chapter_notebooks.NotebookError, notebook_run.NotebookRunError) as error:
        raise GenerationError(str(error)) from error
    return drawn


def main() -> None:
    try:
        generate_all()
    except GenerationError as error:
        sys.exit(f"error: {error}")
