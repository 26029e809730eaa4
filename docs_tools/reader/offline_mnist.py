"""Real handwritten digits in MNIST's file layout, for machines without internet.

``torchvision.datasets.MNIST(root, download=True)`` fetches MNIST from the web.
Where that is impossible (our CI, a filtered network), :func:`write_offline_mnist`
writes scikit-learn's bundled handwritten digits (1,797 scans of 8x8 pixels,
values 0-16, from the UCI "Optical Recognition of Handwritten Digits" set) as
MNIST's four raw idx files under ``root/MNIST/raw``. Each digit is upscaled to
20x20 and centred on a 28x28 canvas, as MNIST digits are. Then
``torchvision.datasets.MNIST(root, train=..., download=True)`` finds the files
(``MNIST.download`` returns at once when they exist) and loads them through its
real code path, so a reader's code runs unchanged on the stand-in.
"""

from __future__ import annotations

import contextlib
import os
import re
import struct
import tempfile
from pathlib import Path

import numpy as np

TEST_FRACTION = 0.2
SPLIT_SEED = 0
IMAGE_MAGIC, LABEL_MAGIC = 2051, 2049  # idx headers: 0x0803 (uint8, 3 dims), 0x0801 (uint8, 1 dim)


def digits_28x28() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's digits as uint8 images of shape [N, 28, 28] and labels [N]."""
    import torch
    from sklearn.datasets import load_digits
    from torch.nn import functional as F

    digits = load_digits()
    small = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0  # [N, 1, 8, 8] in [0, 1]
    big = F.interpolate(small, size=(20, 20), mode="bilinear", align_corners=False)
    canvas = F.pad(big, (4, 4, 4, 4))  # MNIST centres a 20x20 digit in 28x28
    images = (canvas.squeeze(1).clamp(0, 1) * 255).round().to(torch.uint8).numpy()
    return images, digits.target.astype(np.uint8)


# `MNIST("mnist_data", ...)` / `MNIST(root="mnist_data", ...)`: the folder a reader's code names.
_MNIST_ROOT = re.compile(r"""\bMNIST\(\s*(?:root\s*=\s*)?(["'])(?P<root>[^"']+)\1""")


def mnist_roots(code: str) -> list[str]:
    """The literal root folders that MNIST is read from in a piece of code, in order, once each."""
    return list(dict.fromkeys(match["root"] for match in _MNIST_ROOT.finditer(code)))


def place_for(code: str, folder: str | Path) -> None:
    """The stand-in under `folder`, wherever `code` reads MNIST from: what ``download=True`` would have fetched."""
    for root in mnist_roots(code):
        write_offline_mnist(Path(folder) / root)


def _write_idx(path: Path, magic: int, array: np.ndarray) -> None:
    header = struct.pack(f">{1 + array.ndim}I", magic, *array.shape)
    path.write_bytes(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def write_offline_mnist(root: str | Path) -> Path:
    """Write the digits as MNIST raw files under ``root/MNIST/raw``; returns that folder.

    A seeded 80/20 split gives 1,438 training and 359 test images.
    """
    raw = Path(root) / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    images, labels = digits_28x28()
    order = np.random.default_rng(SPLIT_SEED).permutation(len(labels))
    n_test = round(len(labels) * TEST_FRACTION)
    splits = {"t10k": order[:n_test], "train": order[n_test:]}
    for prefix, index in splits.items():
        _write_idx(raw / f"{prefix}-images-idx3-ubyte", IMAGE_MAGIC, images[index])
        _write_idx(raw / f"{prefix}-labels-idx1-ubyte", LABEL_MAGIC, labels[index])
    return raw


@contextlib.contextmanager
def offline_mnist_folder():
    """Work in a new temporary folder where `MNIST("mnist_data", download=True)` finds the stand-in.

    For the figure scripts, which run the pages' programs as a reader would:
    the previous working folder is restored and the temporary one removed.
    """
    previous = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="offline-mnist-") as folder:
        write_offline_mnist(Path(folder) / "mnist_data")
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(previous)


if __name__ == "__main__":
    import sys

    print(write_offline_mnist(sys.argv[1] if len(sys.argv) > 1 else "mnist_data"))
