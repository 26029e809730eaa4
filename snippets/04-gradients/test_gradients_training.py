"""Chapter 4: Himmelblau's minima found by Adam; the notes' logistic regression stalls, the fixed one learns."""

from __future__ import annotations

import math

import pytest
import torch

import gradients_logreg as logreg
from logreg_notes_original import notes_forward, notes_weights
from docs_tools.reader.offline_mnist import write_offline_mnist

MINIMA = torch.tensor([[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]])
STARTS = [[0., 0.], [1., 0.], [-4., 0.], [4., 0.]]  # the notes' starting points
EXPECTED = {(0., 0.): 0, (1., 0.): 0, (-4., 0.): 2, (4., 0.): 3}  # index into MINIMA


pytestmark = pytest.mark.usefixtures("one_thread")  # see snippets/conftest.py


def himmelblau(x):
    return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2


def adam_from_all_starts(lr, steps):
    """One Adam run per starting point. Adam updates each coordinate from its own gradient
    history, so optimising the sum of the four (independent) f values is exactly four runs."""
    x = torch.tensor(STARTS).t().clone().requires_grad_()  # [2, 4]: column s is start s
    optimizer = torch.optim.Adam([x], lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        himmelblau(x).sum().backward()
        optimizer.step()
    return x.detach().t()


def check_minima(found):
    for start, point in zip(STARTS, found):
        minimum = MINIMA[EXPECTED[tuple(start)]]
        assert himmelblau(point).item() < 1e-6, (start, point)
        assert torch.allclose(point, minimum, atol=1e-4), (start, point, minimum)


def test_known_minima_are_zeros():
    assert all(himmelblau(m).item() < 1e-6 for m in MINIMA.double())


def test_each_start_converges_fast_setting():
    """lr = 1e-2, 2,000 steps (the page's snippet and figure)."""
    check_minima(adam_from_all_starts(lr=1e-2, steps=2000))


def test_batched_run_equals_a_single_run():
    single = torch.tensor([4., 0.], requires_grad=True)
    optimizer = torch.optim.Adam([single], lr=1e-2)
    for _ in range(300):
        optimizer.zero_grad()
        himmelblau(single).backward()
        optimizer.step()
    assert torch.allclose(adam_from_all_starts(lr=1e-2, steps=300)[3], single.detach())


@pytest.mark.slow
def test_each_start_converges_notes_setting():
    """The notes' setting: lr = 1e-3, 20,000 steps."""
    check_minima(adam_from_all_starts(lr=1e-3, steps=20000))


def place_offline_mnist(folder):
    """Write the offline digits where gradients_logreg.load_data() looks: ./mnist_data (relative to `folder`).
    torchvision then finds the raw files and skips the download."""
    write_offline_mnist(folder / "mnist_data")


@pytest.fixture(scope="module")
def loaders(tmp_path_factory):
    """The page's load_data(), run in a temporary working directory that holds the offline digits.
    The data sets are read into memory, so the loaders keep working after the directory changes back."""
    folder = tmp_path_factory.mktemp("logreg")
    place_offline_mnist(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        return logreg.load_data()


def test_the_notes_version_stalls(loaders):
    """randn weights + ReLU on the logits: the loss explodes, then sticks at ln 10 with no gradient."""
    train_loader, test_loader = loaders
    torch.manual_seed(0)
    params = notes_weights()
    losses = logreg.train(params, train_loader, forward=notes_forward)  # same lr, epochs, batches as the fix
    per_epoch = len(train_loader)
    assert losses[0] > 100                                              # logits in the thousands at first
    assert abs(sum(losses[-per_epoch:]) / per_epoch - math.log(10)) < 0.05   # last epoch: chance level, ln 10
    assert logreg.evaluate(params, test_loader, forward=notes_forward) < 0.2
    with torch.no_grad():
        data = torch.cat([x.view(-1, 28 * 28) for x, _ in test_loader])
        target = torch.cat([y for _, y in test_loader])
        dead = (notes_forward(data, params) == 0).all(dim=1)
    assert dead.float().mean() > 0.9                                     # almost every sample: all 10 logits are 0
    logits = notes_forward(data[dead], params)
    torch.nn.CrossEntropyLoss()(logits, target[dead]).backward()
    assert all(torch.all(p.grad == 0) for p in params)                  # so no gradient reaches any weight


def test_the_fixed_version_learns(loaders):
    train_loader, test_loader = loaders
    torch.manual_seed(0)
    params = logreg.init_weights()
    losses = logreg.train(params, train_loader)  # lr 0.01, 3 epochs, batch size 32 (the module's defaults)
    acc = logreg.evaluate(params, test_loader)
    assert acc >= 0.90, acc
    assert losses[0] < 10 and sum(losses[-10:]) / 10 < 0.3 * losses[0]


def test_command_line(tmp_path, monkeypatch, capsys):
    """The program shown on the page, as a reader runs it: `python gradients_logreg.py` (3 epochs),
    in a working directory where ./mnist_data holds the offline digits."""
    import runpy

    place_offline_mnist(tmp_path)
    monkeypatch.chdir(tmp_path)
    torch.manual_seed(0)
    runpy.run_path(logreg.__file__, run_name="__main__")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("0 0 ") and out[-1].startswith("test acc: ")
    assert float(out[-1].split()[-1]) >= 0.90
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mnist_data"]  # nothing else written
