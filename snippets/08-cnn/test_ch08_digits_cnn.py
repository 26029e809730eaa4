"""Chapter 8's CNN in practice reaches at least 0.95 accuracy on held-out digits.

The digits are scikit-learn's handwritten digits written as MNIST files
(docs_tools/offline_mnist.py): 1,438 training and 359 held-out test images,
loaded by torchvision.datasets.MNIST(download=False). One thread: the small
batches run faster without thread hand-offs on a busy 2-core machine.
"""

import math

import pytest
import torch

import ch08_digits_cnn
from docs_tools.offline_mnist import write_offline_mnist



def test_lenet_reaches_95_percent_on_held_out_digits(tmp_path, one_thread):
    write_offline_mnist(tmp_path)
    lines = []
    model, history = ch08_digits_cnn.train(tmp_path, download=False, epochs=6, log=lines.append)
    assert len(lines) == len(history["test_acc"]) == 6
    assert all(math.isfinite(v) for v in history["train_loss"] + history["test_loss"])
    assert history["train_loss"][-1] < history["train_loss"][0] / 5
    assert history["test_acc"][-1] >= 0.95, history["test_acc"]
