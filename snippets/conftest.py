"""Collect every snippet file as a doctest (Sybil) and mark the GPU-only ones.

- ``*.pycon`` files are doctest sessions; the pages show them as they are.
- A file named ``*.gpu.pycon`` needs CUDA: it gets the ``gpu`` mark and is
  skipped, with the reason shown, where ``torch.cuda.is_available()`` is false.
- Each file starts as a fresh interpreter would: an empty namespace and
  torch's default seed, dtype and print options. A snippet that forgets its
  imports or its seed fails here exactly as it would for a reader.
"""

from __future__ import annotations

import pytest
import torch
from sybil import Sybil
from sybil.parsers.rest import DocTestParser

# torch.initial_seed() of a fresh interpreter; reseeding with it makes every
# snippet see the random numbers a reader sees after `import torch`.
FRESH_INTERPRETER_SEED = torch.initial_seed()


def _fresh_interpreter(namespace: dict) -> None:
    torch.manual_seed(FRESH_INTERPRETER_SEED)
    torch.set_default_dtype(torch.float32)
    torch.set_printoptions(profile="default")


pytest_collect_file = Sybil(
    # No global option flags: ELLIPSIS is written on the example that needs it.
    parsers=[DocTestParser()],
    patterns=["*.pycon"],
    setup=_fresh_interpreter,
    teardown=_fresh_interpreter,
).pytest()


@pytest.fixture()
def one_thread():
    """Train small models on one thread: faster on a shared 2-core machine, and
    the same numbers as the figure scripts (docs_tools.figures pins one thread too)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs CUDA: torch.cuda.is_available() is False on this machine")
    for item in items:
        if item.path.name.endswith(".gpu.pycon"):
            item.add_marker(pytest.mark.gpu)
            if not torch.cuda.is_available():
                item.add_marker(skip)
