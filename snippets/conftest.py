"""Collect every snippet file as a doctest (Sybil) and mark the GPU-only ones.

- ``*.pycon`` files are doctest sessions; the pages show them (in the page's
  language, without ``# doctest:`` comments: docs_tools.reader.reader_code).
- Outputs are compared number by number at the precision they were printed
  with (docs_tools.reader.output_checker), so a CPU that rounds the last bit
  differently still passes and a changed digit still fails.
- A file named ``*.gpu.pycon`` needs CUDA: it gets the ``gpu`` mark and is
  skipped, with the reason shown, where ``torch.cuda.is_available()`` is false.
- Each file starts as a fresh interpreter in an empty folder would: an empty
  namespace, torch's default seed, dtype and print options, and a new
  temporary working directory (removed afterwards). A snippet that forgets
  its imports or its seed fails here exactly as it would for a reader.
- A file that reads MNIST as a reader writes it,
  ``datasets.MNIST("mnist_data", ..., download=True)``, finds the offline
  stand-in already in ``./mnist_data`` (docs_tools.reader.offline_mnist), so
  torchvision skips the download.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import torch
from sybil import Document, Sybil

from docs_tools.reader import offline_mnist
from docs_tools.reader.output_checker import TensorDocTestParser

# torch.initial_seed() of a fresh interpreter; reseeding with it makes every
# snippet see the random numbers a reader sees after `import torch`.
FRESH_INTERPRETER_SEED = torch.initial_seed()

# The file each document namespace belongs to (Sybil's setup sees only the namespace).
_snippet_of: dict[int, Path] = {}
_working_dirs: dict[int, tuple[str, str]] = {}  # namespace id -> (folder, previous cwd)


class _SnippetDocument(Document):
    def __init__(self, text: str, path: str) -> None:
        super().__init__(text, path)
        _snippet_of[id(self.namespace)] = Path(path)


def _fresh_state() -> None:
    torch.manual_seed(FRESH_INTERPRETER_SEED)
    torch.set_default_dtype(torch.float32)
    torch.set_printoptions(profile="default")


def _setup(namespace: dict) -> None:
    _fresh_state()
    folder = tempfile.mkdtemp(prefix="snippet-")
    _working_dirs[id(namespace)] = (folder, os.getcwd())
    os.chdir(folder)
    snippet = _snippet_of[id(namespace)]
    offline_mnist.place_for(snippet.read_text(encoding="utf-8"), folder)


def _teardown(namespace: dict) -> None:
    _fresh_state()
    _snippet_of.pop(id(namespace), None)
    folder, previous = _working_dirs.pop(id(namespace))
    os.chdir(previous)
    shutil.rmtree(folder, ignore_errors=True)


pytest_collect_file = Sybil(
    # No global option flags: a flag is written on the example that needs it.
    parsers=[TensorDocTestParser()],
    patterns=["*.pycon"],
    document_types={".pycon": _SnippetDocument},
    setup=_setup,
    teardown=_teardown,
).pytest()


@pytest.fixture()
def one_thread():
    """Train small models on one thread: faster on a shared 2-core machine, and
    the same numbers as the figure scripts (docs_tools.inputs.figures pins one thread too)."""
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
