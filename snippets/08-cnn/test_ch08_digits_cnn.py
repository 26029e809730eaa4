"""Chapter 8's CNN in practice reaches at least 0.95 accuracy on held-out digits.

The program reads MNIST as a reader's copy does, datasets.MNIST("mnist_data",
download=True). The test runs it in an empty temporary working directory in
which docs_tools/reader/offline_mnist.py has written scikit-learn's handwritten digits
as MNIST files (1,438 training and 359 held-out test images), so torchvision
finds them and skips the download. One thread: the small batches run faster
without thread hand-offs on a busy 2-core machine.
"""

import math


import ch08_digits_cnn
from docs_tools.reader.offline_mnist import write_offline_mnist


def test_lenet_reaches_95_percent_on_held_out_digits(tmp_path, monkeypatch, one_thread):
    monkeypatch.chdir(tmp_path)
    write_offline_mnist("mnist_data")
    lines = []
    model, history = ch08_digits_cnn.train(epochs=6, log=lines.append)
    assert len(lines) == len(history["test_acc"]) == 6
    assert all(math.isfinite(v) for v in history["train_loss"] + history["test_loss"])
    assert history["train_loss"][-1] < history["train_loss"][0] / 5
    assert history["test_acc"][-1] >= 0.95, history["test_acc"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mnist_data"]  # nothing else written
