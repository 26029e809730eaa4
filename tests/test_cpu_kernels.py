"""The chapter doctests also pass on torch's plain (non-vectorised) CPU kernels.

Readers' CPUs differ: an AMD EPYC without AVX-512 runs other kernels than the
machine that recorded an output, and math libraries round the last bit
differently. ``ATEN_CPU_CAPABILITY=default`` makes torch use its scalar
kernels, so an output that depends on the vector unit shows up here, not on a
reader's laptop. (Outputs are compared at printed precision: an output that
still fails sits on a rounding edge and needs other inputs.)
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from docs_tools.pages import ROOT


@pytest.mark.slow
def test_chapter_doctests_pass_without_vector_kernels():
    env = {**os.environ, "ATEN_CPU_CAPABILITY": "default"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow", "-k", "pycon", "snippets"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    tail = result.stdout[-6000:]
    assert result.returncode == 0, f"with ATEN_CPU_CAPABILITY=default:\n{tail}\n{result.stderr[-2000:]}"
    assert " passed" in tail, tail
