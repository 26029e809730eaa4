"""A process per generation job, started in milliseconds instead of seconds.

A figure script or a notebook render in a fresh interpreter spends about two
seconds importing torch, matplotlib and nbconvert, longer than most of them
then run. :func:`pool` forks each job from a server process that imported
those libraries once (multiprocessing's "forkserver", standard library), one
job per core at a time. Each job still gets a process of its own and ends
with it: a chapter module that one figure script imports is imported afresh,
with its current code, by the next one (``make serve`` picks up edits), and
thread settings or a crash stay inside that job. The server imports only
third-party libraries, never this project's modules.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

PRELOAD = ["torch", "torchvision", "matplotlib", "matplotlib.pyplot", "nbconvert.exporters.html", "nbformat"]


def pool(processes: int | None = None, warm_up: bool = False) -> ProcessPoolExecutor:
    """A pool running each submitted job in a fresh fork of the preloaded server, one per core at a time.

    The server starts with the first job, or at once with warm_up (when jobs
    are sure to come): it imports in the background, and work done before the
    first job is submitted overlaps its imports (a few seconds).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows: slower, same results
        context = multiprocessing.get_context("spawn")
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        if warm_up:
            multiprocessing.forkserver.ensure_running()
    return ProcessPoolExecutor(max_workers=processes or os.cpu_count() or 1, mp_context=context, max_tasks_per_child=1)


def result(job: Future, function, *args):
    """The result of `job`, which ran function(*args) in a pool.

    A process that dies (a crash, os._exit) breaks its whole pool: every job
    still there fails with BrokenProcessPool. Such a job runs again alone, so
    that only the job whose process died raises it, and its error names the
    right file.
    """
    try:
        return job.result()
    except BrokenProcessPool:
        with pool(processes=1) as alone:
            return alone.submit(function, *args).result()
