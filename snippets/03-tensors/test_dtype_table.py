"""Check the dtype table of chapter 3, row by row, in both languages, against torch.

Each row reads: description (bits and kind) | dtype name(s) | CPU tensor type | GPU tensor type.
Every dtype alias in a row must be the same torch.dtype, its size and kind must match the
description, and the CPU and CUDA legacy tensor types must be the ones torch reports for
that dtype. The last tests break rows on purpose, to show that a wrong row is caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]
PAGES = {lang: ROOT / "docs" / lang / "03-tensors.md" for lang in ("zh", "en")}
NAME = re.compile(r"torch(?:\.\w+)+")


@dataclass(frozen=True)
class Row:
    page: str
    description: str
    dtypes: tuple[str, ...]
    cpu: str
    gpu: str

    def __str__(self) -> str:
        return f"{self.page}: | {self.description} | {', '.join(self.dtypes)} | {self.cpu} | {self.gpu} |"


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_rows(lang: str) -> list[Row]:
    """Rows of the table whose header names dtype and the CPU and GPU tensor types."""
    lines = PAGES[lang].read_text(encoding="utf-8").splitlines()
    start = next(
        i for i, line in enumerate(lines)
        if line.startswith("|") and "dtype" in line and "CPU" in line and "GPU" in line
    )
    rows = []
    for line in lines[start + 2:]:  # skip the header and the --- line
        if not line.startswith("|"):
            break
        description, dtypes, cpu, gpu = cells(line)
        rows.append(Row(lang, description, tuple(NAME.findall(dtypes)), *[NAME.findall(c)[0] for c in (cpu, gpu)]))
    return rows


def resolve(name: str):
    obj = torch
    for part in name.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def check_row(row: Row) -> None:
    """Raise AssertionError (naming the row) if anything in it disagrees with torch."""
    assert row.dtypes, f"{row}: no dtype names"
    dtypes = [resolve(name) for name in row.dtypes]
    dtype = dtypes[0]
    assert all(isinstance(d, torch.dtype) for d in dtypes), f"{row}: not all are torch.dtype"
    assert all(d is dtype for d in dtypes), f"{row}: the aliases are different dtypes: {dtypes}"

    # The description: bit width and kind (zh or en words).
    text = row.description.lower()
    bits = re.search(r"(\d+)", text)
    if "bool" in text or "布尔" in text:
        assert dtype is torch.bool, f"{row}: described as boolean, is {dtype}"
    else:
        assert bits and int(bits[1]) == dtype.itemsize * 8, f"{row}: {dtype} has {dtype.itemsize * 8} bits"
        is_float = "float" in text or "浮点" in text
        assert is_float == dtype.is_floating_point, f"{row}: floating point is {dtype.is_floating_point}"
        if "bfloat16" in text or "brain" in text:
            assert dtype is torch.bfloat16, f"{row}: described as bfloat16, is {dtype}"
        if not is_float:
            unsigned = "unsigned" in text or "无符号" in text
            assert unsigned != dtype.is_signed, f"{row}: is_signed is {dtype.is_signed}"

    # The CPU tensor type: the class's dtype, and what .type() says for a tensor of this dtype.
    cpu_type = resolve(row.cpu)
    assert row.cpu.startswith("torch.") and not row.cpu.startswith("torch.cuda."), f"{row}: CPU type name"
    assert cpu_type.dtype is dtype, f"{row}: {row.cpu}.dtype is {cpu_type.dtype}"
    assert not cpu_type.is_cuda, f"{row}: {row.cpu} is a CUDA type"
    assert torch.tensor([0], dtype=dtype).type() == row.cpu, (
        f"{row}: torch.tensor([0], dtype={dtype}).type() is {torch.tensor([0], dtype=dtype).type()}"
    )
    assert isinstance(torch.zeros(1, dtype=dtype), cpu_type), f"{row}: isinstance with {row.cpu} is False"

    # The CUDA tensor type: the same name under torch.cuda, a CUDA type of the same dtype.
    assert row.gpu == "torch.cuda." + row.cpu.removeprefix("torch."), f"{row}: GPU name should mirror {row.cpu}"
    gpu_type = resolve(row.gpu)
    assert gpu_type.is_cuda and gpu_type.dtype is dtype, f"{row}: {row.gpu} is not a CUDA {dtype} type"
    if torch.cuda.is_available():
        assert torch.zeros(1, dtype=dtype, device="cuda").type() == row.gpu, f"{row}: CUDA .type() differs"


ROWS = [row for lang in PAGES for row in table_rows(lang)]


def test_both_pages_have_the_same_table():
    zh, en = ([(r.dtypes, r.cpu, r.gpu) for r in table_rows(lang)] for lang in ("zh", "en"))
    assert zh == en
    # At least the notes' five rows.
    assert {"torch.FloatTensor", "torch.DoubleTensor", "torch.ByteTensor", "torch.IntTensor",
            "torch.LongTensor"} <= {cpu for _, cpu, _ in zh}


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.page}-{row.cpu.removeprefix('torch.')}")
def test_row_matches_torch(row):
    check_row(row)


def _float32_row():
    return next(r for r in ROWS if r.page == "en" and r.cpu == "torch.FloatTensor")


def _uint8_row():
    return next(r for r in ROWS if r.page == "zh" and r.cpu == "torch.ByteTensor")


@pytest.mark.parametrize(
    "broken",
    [
        lambda: replace(_float32_row(), dtypes=("torch.float32", "torch.double")),
        lambda: replace(_float32_row(), cpu="torch.DoubleTensor"),
        lambda: replace(_float32_row(), gpu="torch.cuda.DoubleTensor"),
        lambda: replace(_float32_row(), description="64-bit float"),
        lambda: replace(_uint8_row(), description="8 位有符号整数"),
        lambda: replace(_uint8_row(), dtypes=("torch.int8",)),
    ],
    ids=["wrong-alias", "wrong-cpu-type", "wrong-gpu-type", "wrong-bits", "wrong-sign", "wrong-dtype"],
)
def test_a_wrong_row_fails(broken):
    with pytest.raises(AssertionError):
        check_row(broken())
