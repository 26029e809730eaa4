"""Chapter 2 checks: the utils module, the corrected MNIST program on the offline digits, the benchmark script."""

from __future__ import annotations

import importlib
import importlib.util
import runpy
import sys
from pathlib import Path

import matplotlib
import pytest
import torch

from docs_tools.reader.offline_mnist import write_offline_mnist

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = Path(__file__).resolve().parent
BENCHMARK = HERE.parent.parent / "benchmarks" / "dataloader_vs_tensors.py"
NAMES = ("utils", "mnist_mlp")


pytestmark = pytest.mark.usefixtures("one_thread")  # see snippets/conftest.py


@pytest.fixture()
def chapter(monkeypatch):
    """This folder's `utils` and `mnist_mlp`, imported fresh; sys.modules is restored afterwards."""
    saved = {name: sys.modules.pop(name) for name in NAMES if name in sys.modules}
    monkeypatch.syspath_prepend(str(HERE))
    try:
        utils = importlib.import_module("utils")
        mnist_mlp = importlib.import_module("mnist_mlp")
        assert Path(utils.__file__).parent == HERE and Path(mnist_mlp.__file__).parent == HERE
        yield utils, mnist_mlp
    finally:
        for name in NAMES:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        plt.close("all")


@pytest.fixture(scope="module")
def offline_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("mnist_data")
    write_offline_mnist(root)
    return str(root)


@pytest.fixture()
def in_mnist_folder(monkeypatch, tmp_path):
    """Run in a temporary working directory whose ./mnist_data holds the offline stand-in.

    mnist_mlp.py reads datasets.MNIST("mnist_data", download=True) as a reader writes it;
    with the raw files in place torchvision skips the download. Nothing is written into
    the checkout, and pytest removes tmp_path.
    """
    write_offline_mnist(tmp_path / "mnist_data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_one_hot_matches_the_scatter_version(chapter):
    utils, _ = chapter
    label = torch.tensor([3, 0, 9, 9, 1])
    out = utils.one_hot(label)
    # the course's original: zeros, then scatter 1 at each label's column
    expected = torch.zeros(label.size(0), 10).scatter_(dim=1, index=label.view(-1, 1), value=1)
    assert out.dtype == torch.float32 and out.shape == (5, 10)
    assert torch.equal(out, expected)
    assert utils.one_hot(label, depth=12).shape == (5, 12)


def test_plot_helpers_return_figures(chapter):
    utils, _ = chapter
    images = (torch.rand(6, 1, 28, 28) - 0.1307) / 0.3081
    grid = utils.plot_image(images, torch.arange(6), "image sample")
    assert len(grid.axes) == 6 and grid.axes[0].get_title() == "image sample: 0"
    shown = grid.axes[0].get_images()[0].get_array()
    assert abs(float(shown.min()) - float(images[0, 0].min() * 0.3081 + 0.1307)) < 1e-5  # normalization undone
    curve = utils.plot_curve([3.0, 2.0, 1.0])
    assert list(curve.axes[0].lines[0].get_ydata()) == [3.0, 2.0, 1.0]


def test_mnist_program_learns_the_offline_digits(chapter, in_mnist_folder, capsys):
    """The notes' network, loss and optimizer on real handwritten digits: held-out accuracy >= 0.90."""
    _, mnist_mlp = chapter
    run = mnist_mlp.main(epochs=3, batch_size=16, seed=0, log_every=0)
    first_line = capsys.readouterr().out.splitlines()[0]
    assert first_line.startswith("torch.Size([16, 1, 28, 28]) torch.Size([16])")
    assert run["acc"] >= 0.90, run["acc"]
    loss = run["train_loss"]
    assert len(loss) == 3 * 90  # ceil(1438 / 16) = 90 batches per epoch
    assert sum(loss[-20:]) / 20 < 0.5 * sum(loss[:20]) / 20
    assert set(run["figures"]) == {"samples", "curve", "predictions"}
    assert not run["net"].training  # evaluate() switched to eval mode


def test_evaluate_builds_no_graph(chapter, in_mnist_folder):
    _, mnist_mlp = chapter
    _, test_loader = mnist_mlp.load_data(batch_size=512)
    net = mnist_mlp.Net()
    seen = []
    net.fc3.register_forward_hook(lambda module, inputs, output: seen.append(output.requires_grad))
    accuracy = mnist_mlp.evaluate(net, test_loader)
    assert 0.0 <= accuracy <= 1.0 and seen and not any(seen)


def test_command_line(chapter, in_mnist_folder, monkeypatch, capsys):
    """`python mnist_mlp.py` runs end to end with its defaults (3 epochs, batch size 512) and writes only ./mnist_data."""
    monkeypatch.setattr(sys, "argv", ["mnist_mlp.py"])
    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)
    runpy.run_path(str(HERE / "mnist_mlp.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "torch.Size([512, 1, 28, 28])" in out and "test acc:" in out
    assert [p.name for p in in_mnist_folder.iterdir()] == ["mnist_data"]


def test_the_program_reads_mnist_as_a_reader_writes_it():
    """The shown program names its data folder literally and imports nothing from this project."""
    source = (HERE / "mnist_mlp.py").read_text(encoding="utf-8")
    assert source.count('datasets.MNIST("mnist_data", train=') == 2
    assert source.count("download=True") == 2
    assert "docs_tools" not in source and "docs_tools" not in (HERE / "utils.py").read_text(encoding="utf-8")


def test_benchmark_script_runs_with_tiny_sizes(offline_root):
    spec = importlib.util.spec_from_file_location("regression_benchmark_under_test", BENCHMARK)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    lines = []
    result = bench.benchmark(offline_root, batch_size=64, repeats=1, limit=256, log=lines.append)
    assert result["n"] == 256 and result["dataloader"] > 0 and result["tensors"] > 0
    assert result["ratio"] == pytest.approx(result["tensors"] / result["dataloader"])
    assert any("samples/s" in line for line in lines)
