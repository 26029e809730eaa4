"""Chapter 8's CIFAR-10 program, run on a tiny generated stand-in with CIFAR-10's shape.

There is no internet here, so torchvision.datasets.CIFAR10 is replaced by a
generated data set that behaves like it: uint8 32x32 RGB images of 10 classes,
returned as PIL images through the program's own transform (CIFAR10's
__getitem__ does the same). Each class has its own mean colour, so a working
training loop must beat chance. The test checks the program runs end to end
and asks torchvision for CIFAR-10 the way a reader's run would.
"""

import math

import numpy as np
import pytest
import torch
from PIL import Image
from torch.utils.data import Dataset

import ch08_cifar10_cnn as cifar


class CifarStandIn(Dataset):
    def __init__(self, size, seed, transform):
        rng = np.random.default_rng(seed)
        self.targets = rng.integers(0, 10, size)
        colours = np.random.default_rng(0).uniform(40, 215, (10, 3))  # one mean colour per class
        noise = rng.normal(0, 25, (size, 32, 32, 3))
        self.data = np.clip(colours[self.targets][:, None, None, :] + noise, 0, 255).astype(np.uint8)  # [N, 32, 32, 3]
        self.transform = transform

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, index):
        return self.transform(Image.fromarray(self.data[index])), int(self.targets[index])


pytestmark = pytest.mark.usefixtures("one_thread")  # see snippets/conftest.py


@pytest.fixture
def stand_in(monkeypatch):
    calls = []

    def fake_cifar10(root, train, download, transform):
        calls.append({"root": root, "train": train, "download": download, "transform": transform})
        return CifarStandIn(320 if train else 100, seed=1 if train else 2, transform=transform)

    monkeypatch.setattr(cifar.datasets, "CIFAR10", fake_cifar10)
    return calls


def test_stand_in_has_cifar10_shapes(stand_in):
    train_set, test_set = cifar.cifar10_datasets("cifar_data")
    image, label = train_set[0]
    assert image.shape == (3, 32, 32) and image.dtype == torch.float32
    assert 0 <= label < 10 == len(cifar.CLASSES)
    assert (len(train_set), len(test_set)) == (320, 100)


def test_model_maps_cifar_batches_to_ten_scores():
    torch.manual_seed(0)
    assert cifar.CifarLeNet()(torch.randn(5, 3, 32, 32)).shape == (5, 10)


def test_program_runs_end_to_end_on_the_stand_in(stand_in):
    model, history = cifar.main(root="cifar_data", epochs=3, batch_size=16, log=lambda line: None)
    assert stand_in == [
        {"root": "cifar_data", "train": train, "download": True, "transform": cifar.TRANSFORM} for train in (True, False)]
    assert len(history["train_loss"]) == len(history["test_acc"]) == 3
    assert all(math.isfinite(loss) for loss in history["train_loss"])
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["test_acc"][-1] > 0.5, history  # chance is 0.1
