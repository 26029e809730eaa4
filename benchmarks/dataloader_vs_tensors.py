"""One training epoch of the notes' MNIST MLP: DataLoader loop vs tensors preloaded in memory.

Both loops train the same network (chapter 2's ``Net``: 784-256-64-10, MSE on
one-hot labels, SGD with momentum) on the same images, with the same batch size
and a fresh shuffle every epoch. They differ only in how a batch is made:

- ``dataloader``: the notes' loop. ``torchvision.datasets.MNIST`` with
  ``ToTensor()`` + ``Normalize()`` turns every image into a PIL image and then a
  tensor, one sample at a time, and the DataLoader stacks them into a batch.
- ``tensors``: the whole split is converted and normalised once, kept in one
  [N, 784] tensor, and each batch is an index into it.

Usage (offline: scikit-learn's digits in MNIST layout, 1,438 training images)::

    python benchmarks/dataloader_vs_tensors.py
    python benchmarks/dataloader_vs_tensors.py --batch-size 512 64 --repeats 10 --threads 1
    python benchmarks/dataloader_vs_tensors.py --root mnist_data --download   # real MNIST (60,000 images)

It prints samples per second for both (median over ``--repeats`` epochs, after
one warm-up epoch each) and their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch
import torchvision
from torch import optim
from torch.nn import functional as F

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "snippets" / "02-regression"
MEAN, STD = 0.1307, 0.3081


def _net_class():
    """Chapter 2's Net, imported from snippets/02-regression/mnist_mlp.py."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("regression_mnist_mlp_for_benchmark", CHAPTER / "mnist_mlp.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(CHAPTER))  # mnist_mlp does `from utils import ...`
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(CHAPTER))
    return module.Net


def _step(net, optimizer, x, y):
    out = net(x.view(x.size(0), 28 * 28))
    loss = F.mse_loss(out, F.one_hot(y, 10).float())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def dataloader_epoch(net, optimizer, dataset, batch_size):
    """The notes' loop: a DataLoader over the transformed dataset."""
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True)
    for x, y in loader:
        _step(net, optimizer, x, y)


def tensor_epoch(net, optimizer, images, labels, batch_size):
    """Same batches from tensors already in memory: a random permutation, then slices."""
    order = torch.randperm(len(labels))
    for start in range(0, len(labels), batch_size):
        index = order[start:start + batch_size]
        _step(net, optimizer, images[index], labels[index])


def preload(dataset):
    """The whole split as one normalised float tensor [N, 784] and labels [N] (done once)."""
    images = ((dataset.data.float() / 255 - MEAN) / STD).view(len(dataset.data), 28 * 28)
    return images, dataset.targets.clone()


def benchmark(root, batch_size=512, repeats=5, limit=None, download=False, log=print):
    """Time one epoch of each loop; returns {"dataloader": samples/s, "tensors": samples/s, "ratio": ..., "n": ...}."""
    transform = torchvision.transforms.Compose([
        torchvision.transforms.ToTensor(),
        torchvision.transforms.Normalize((MEAN,), (STD,)),
    ])
    dataset = torchvision.datasets.MNIST(root, train=True, download=download, transform=transform)
    if limit is not None:  # a smaller training set, for a quick check
        dataset.data, dataset.targets = dataset.data[:limit], dataset.targets[:limit]
    n = len(dataset)
    Net = _net_class()
    torch.manual_seed(0)

    def timed(epoch, *args):
        net = Net()
        optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
        epoch(net, optimizer, *args)  # warm-up epoch, not timed
        seconds = []
        for _ in range(repeats):
            start = time.perf_counter()
            epoch(net, optimizer, *args)
            seconds.append(time.perf_counter() - start)
        return n / statistics.median(seconds)

    loader_rate = timed(dataloader_epoch, dataset, batch_size)
    start = time.perf_counter()
    images, labels = preload(dataset)
    preload_s = time.perf_counter() - start
    tensor_rate = timed(tensor_epoch, images, labels, batch_size)
    result = {"n": n, "batch_size": batch_size, "dataloader": loader_rate, "tensors": tensor_rate,
              "ratio": tensor_rate / loader_rate, "preload_s": preload_s}
    log(f"{n} training images, batch size {batch_size}, torch {torch.__version__}, "
        f"{torch.get_num_threads()} CPU threads, median of {repeats} epochs, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    log(f"  DataLoader (ToTensor + Normalize per sample): {loader_rate:10,.0f} samples/s")
    log(f"  preloaded tensors:                            {tensor_rate:10,.0f} samples/s "
        f"(preloading took {preload_s * 1000:.1f} ms, once)")
    log(f"  ratio tensors / DataLoader: {result['ratio']:.1f}x")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="folder holding MNIST/raw (default: write the offline digits to a temp folder)")
    parser.add_argument("--download", action="store_true", help="let torchvision download MNIST into --root")
    parser.add_argument("--batch-size", type=int, nargs="+", default=[512], help="one or more batch sizes (notes: 512)")
    parser.add_argument("--repeats", type=int, default=5, help="timed epochs per loop (median is reported)")
    parser.add_argument("--limit", type=int, help="use only the first LIMIT training images")
    parser.add_argument("--threads", type=int, help="torch.set_num_threads(THREADS) first (default: torch's choice)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.root
        if root is None:
            sys.path.insert(0, str(ROOT))
            from docs_tools.reader.offline_mnist import write_offline_mnist

            root = tmp
            write_offline_mnist(root)
        return [benchmark(root, size, args.repeats, args.limit, args.download) for size in args.batch_size]


if __name__ == "__main__":
    main()
