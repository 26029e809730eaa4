"""Each chapter notebook run once, and its outputs kept for the site and the download.

A reader browsing a notebook should see what it prints. The notebook is
executed in a fresh ``python3`` kernel (this environment's ipykernel), in an
empty temporary folder where the offline MNIST stand-in has been placed for
code that reads ``MNIST("mnist_data", ..., download=True)``
(docs_tools.reader.offline_mnist), as the doctests do. Every cell runs, as a reader's
Run All does: cells tagged ``raises-exception`` show their error (the CUDA
cells, tagged so, do on a machine without CUDA) and the run goes on.

Running every notebook takes minutes (two run side by side, one kernel per
core), so the executed copy is cached in
``.cache/executed-notebooks/``, keyed by the notebook's code and the versions
of torch, torchvision and Python: an unchanged chapter is never run twice, and
any change to its code or environment runs it again. Outputs are never edited.

Both languages' notebooks have the same code cells (only comments differ), so
the Chinese notebook is the one executed and its outputs go to both.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import nbformat
import torch

from docs_tools import versions
from docs_tools.pages import ROOT
from docs_tools.reader import offline_mnist

CACHE = ROOT / ".cache" / "executed-notebooks"
TIMEOUT_S = 600  # per cell


class NotebookRunError(RuntimeError):
    """A chapter notebook failed to run; the message names the chapter and the cell."""


def cache_key(notebook) -> str:
    code = [(cell.source, cell.metadata.get("tags", [])) for cell in notebook.cells if cell.cell_type == "code"]
    material = json.dumps({"code": code, "versions": versions.verified(), "cuda": torch.cuda.is_available()})
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def _cache_path(name: str, notebook) -> Path:
    return CACHE / f"{Path(name).stem}-{cache_key(notebook)}.ipynb"


def execute(notebook, name: str):
    """A copy of `notebook` with every runnable code cell executed, its outputs in place."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    runnable = copy.deepcopy(notebook)
    code = "\n".join(cell.source for cell in runnable.cells if cell.cell_type == "code")
    probe = nbformat.v4.new_code_cell("import sys; print(sys.executable)")
    runnable.cells.append(probe)
    with tempfile.TemporaryDirectory(prefix="notebook-") as folder:
        offline_mnist.place_for(code, folder)
        client = NotebookClient(
            runnable, kernel_name="python3", timeout=TIMEOUT_S, resources={"metadata": {"path": folder}}
        )
        try:
            client.execute()
        except CellExecutionError as error:
            raise NotebookRunError(f"notebook of {name}: a cell failed:\n{error}") from error
    kernel_python = probe.outputs[0]["text"].strip()
    if Path(kernel_python).resolve() != Path(sys.executable).resolve():
        raise NotebookRunError(f"notebook of {name}: the kernel ran {kernel_python}, not {sys.executable}")
    runnable.cells.pop()
    return runnable


def executed(notebook, name: str, log=print):
    """`notebook` executed: from the cache when its code was run before, else run now (and cached)."""
    path = _cache_path(name, notebook)
    if path.is_file():
        return nbformat.read(path, as_version=4)
    log(f"notebooks: running {name} (outputs are cached in {CACHE.relative_to(ROOT)}/)")
    result = execute(notebook, name)
    CACHE.mkdir(parents=True, exist_ok=True)
    for stale in CACHE.glob(f"{Path(name).stem}-*.ipynb"):
        stale.unlink()
    nbformat.write(result, path)
    return result


def cached(notebooks: dict[str, object]) -> set[str]:
    """The names of the notebooks {name: notebook} whose run is in the cache."""
    return {name for name, notebook in notebooks.items() if _cache_path(name, notebook).is_file()}


@contextlib.contextmanager
def running(notebooks: dict[str, object], log=print) -> Iterator[dict[str, Future]]:
    """Start running the notebooks {name: notebook}, side by side (one kernel per core).

    Yields {name: job}; a job's result is the executed notebook (cached). The
    caller works meanwhile; leaving the block waits for the jobs it started,
    and after an error, cancels those not started yet.
    """
    kernels = ThreadPoolExecutor(max_workers=min(len(notebooks), os.cpu_count() or 1) or 1)
    try:
        yield {name: kernels.submit(executed, notebook, name, log) for name, notebook in notebooks.items()}
    finally:
        kernels.shutdown(cancel_futures=True)


def with_outputs(notebook, run) -> None:
    """Copy the outputs of `run` (the same code cells, in any language) onto `notebook`, in place."""
    ran = iter(cell for cell in run.cells if cell.cell_type == "code")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            source = next(ran)
            cell.outputs = source.outputs
            cell.execution_count = source.execution_count
