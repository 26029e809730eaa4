"""The chapter doctests also pass on torch's plain (non-vectorised) CPU kernels, and leave no files behind.

Readers' CPUs differ: an AMD EPYC without AVX-512 runs other kernels than the
machine that recorded an output, and math libraries round the last bit
differently. ``ATEN_CPU_CAPABILITY=default`` makes torch use its scalar
kernels, so an output that depends on the vector unit shows up here, not on a
reader's laptop. (Outputs are compared at printed precision: an output that
still fails sits on a rounding edge and needs other inputs.)

The same run has a temp folder of its own: every doctest works in a
temporary folder of the harness (snippets/conftest.py), which must be gone
afterwards, with nothing else left there.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from docs_tools.pages import ROOT


@pytest.mark.slow
def test_chapter_doctests_pass_without_vector_kernels(tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "ATEN_CPU_CAPABILITY": "default", "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow", "-k", "pycon", "snippets"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    tail = result.stdout[-6000:]
    assert result.returncode == 0, f"with ATEN_CPU_CAPABILITY=default:\n{tail}\n{result.stderr[-2000:]}"
    assert " passed" in tail, tail
    # torchinductor_<user>: torch's own compile cache, one folder that every run reuses.
    left = sorted(path.name for path in temp.iterdir() if not path.name.startswith("torchinductor_"))
    assert not left, f"the doctests left files in the temp folder: {left}"
