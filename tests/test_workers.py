"""The worker pool (docs_tools/workers.py): a job whose process dies fails alone.

A process that dies breaks its whole pool, and the standard library fails
every job still in it; the build's error must name the file whose job died,
not one that happened to run beside it.
"""

from __future__ import annotations

import os
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from docs_tools import workers


def finish_after(seconds: float) -> str:
    time.sleep(seconds)
    return "finished"


def die_after(seconds: float) -> None:
    time.sleep(seconds)
    os._exit(3)


def test_only_the_job_whose_process_died_fails():
    with workers.pool(processes=2) as pool:
        beside = pool.submit(finish_after, 3)
        dying = pool.submit(die_after, 0.5)
        after = pool.submit(finish_after, 0)
        assert workers.result(beside, finish_after, 3) == "finished"
        with pytest.raises(BrokenProcessPool):
            workers.result(dying, die_after, 0.5)
        assert workers.result(after, finish_after, 0) == "finished"
