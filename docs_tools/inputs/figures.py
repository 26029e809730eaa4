"""Regenerate the site's figures from the scripts that draw them.

A figure script is ``snippets/<chapter>/fig_<topic>.py``. It defines
``figures()``, which returns ``{name: matplotlib Figure}``; each figure is saved
as ``docs/assets/figures/<chapter>/<name>.svg`` and pages refer to it there.
One script may draw several figures (for example from one training run).

Figures are rebuilt when missing or older than any ``.py`` file of their
chapter, so ``mkdocs serve`` stays fast. ``python -m docs_tools.inputs.figures --force``
rebuilds all of them. Each script runs in a process of its own, one per
core at a time (docs_tools.workers): the scripts train small models, so two
cores draw them in about half the time, and a fresh process always imports
the current code of the chapter's modules (a long-lived ``mkdocs serve`` would
otherwise keep the first version it imported). A script that raises stops the
build with its path in the message.
"""

from __future__ import annotations

import argparse
import contextlib
import runpy
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from docs_tools import workers
from docs_tools.pages import FIGURES, ROOT, SNIPPETS


class FigureScriptError(RuntimeError):
    """A figure script failed; the message names the script."""


def scripts() -> list[Path]:
    return sorted(SNIPPETS.glob("*/fig_*.py"))


def outputs_of(script: Path) -> list[Path]:
    """The figures a script made last time (empty before its first run)."""
    folder = FIGURES / script.parent.name
    manifest = folder / f".{script.stem}.made"
    if not manifest.exists():
        return []
    return [folder / name for name in manifest.read_text(encoding="utf-8").split()]


def is_stale(script: Path) -> bool:
    made = outputs_of(script)
    if not made or not all(p.exists() for p in made):
        return True
    newest_source = max(p.stat().st_mtime for p in script.parent.glob("*.py"))
    return min(p.stat().st_mtime for p in made) < newest_source


@contextlib.contextmanager
def _script_context(script: Path):
    """Import path, thread count and matplotlib settings for one script, undone afterwards."""
    import matplotlib
    import torch

    matplotlib.use("Agg")
    sys.path.insert(0, str(script.parent))
    # One thread: the same numbers on any machine, and as the chapter tests (snippets/conftest.py).
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with matplotlib.rc_context(
            {
                # Deterministic SVG ids; text drawn as paths needs no web font.
                "svg.hashsalt": "pytorch-basics",
                "svg.fonttype": "path",
                "figure.dpi": 100,
            }
        ):
            yield
    finally:
        torch.set_num_threads(threads)
        sys.path.remove(str(script.parent))


def run_script(script: Path) -> list[Path]:
    """Run one figure script in this process and save what it returns; returns the files written."""
    import matplotlib.pyplot as plt

    rel = script.relative_to(ROOT)
    folder = FIGURES / script.parent.name
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with _script_context(script):
            namespace = runpy.run_path(str(script), run_name="__figure__")
            if "figures" not in namespace:
                raise FigureScriptError(f"{rel} defines no figures() function")
            made = namespace["figures"]()
            if not isinstance(made, dict) or not made:
                raise FigureScriptError(f"{rel}: figures() must return a non-empty dict of name -> Figure")
            written = []
            for name, figure in made.items():
                path = folder / f"{name}.svg"
                figure.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
                plt.close(figure)
                written.append(path)
    except FigureScriptError:
        raise
    except Exception as error:  # any failure inside a script is reported with its path
        raise FigureScriptError(f"figure script {rel} failed: {type(error).__name__}: {error}") from error
    (folder / f".{script.stem}.made").write_text("\n".join(p.name for p in written), encoding="utf-8")
    return written


def _timed_run(script: Path) -> float:
    """run_script, in a worker process; returns the seconds it took."""
    start = time.perf_counter()
    run_script(script)
    return time.perf_counter() - start


Jobs = list[tuple[Path, Future]]


def start(pool: ProcessPoolExecutor, force: bool = False, log=print) -> Jobs:
    """Submit every stale script (every script if force) to the pool; returns the jobs to :func:`finish`."""
    jobs = []
    for script in scripts():
        if force or is_stale(script):
            log(f"figures: running {script.relative_to(ROOT)}")
            jobs.append((script, pool.submit(_timed_run, script)))
    return jobs


def finish(jobs: Jobs, log=print) -> dict[Path, Path]:
    """Wait for the jobs (the first failure, in script order, stops the build); returns {figure file: script}."""
    for script, job in jobs:
        rel = script.relative_to(ROOT)
        try:
            seconds = workers.result(job, _timed_run, script)
        except BrokenProcessPool as error:
            raise FigureScriptError(f"figure script {rel} failed: its process died") from error
        log(f"figures: {rel} wrote {len(outputs_of(script))} figure(s) in {seconds:.1f}s")
    return {figure: script for script in scripts() for figure in outputs_of(script)}


def generate(force: bool = False, log=print) -> dict[Path, Path]:
    """Bring every figure up to date (stale scripts run in parallel); returns {figure file: script}."""
    with workers.pool() as pool:
        return finish(start(pool, force, log), log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild every figure, even if up to date")
    args = parser.parse_args()
    try:
        generate(force=args.force)
    except FigureScriptError as error:
        sys.exit(f"error: {error}")


if __name__ == "__main__":
    main()
