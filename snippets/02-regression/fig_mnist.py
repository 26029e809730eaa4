"""The figures that mnist_mlp.py draws, on the offline stand-in for MNIST (scikit-learn's scans in MNIST's layout).

The run is the one the test makes: 3 epochs, batch size 16, seed 0, one CPU thread.
mnist_mlp.py reads ``datasets.MNIST("mnist_data", download=True)`` from the working
directory, so the run happens in a temporary directory holding the stand-in under
./mnist_data; nothing is written into the checkout. With internet,
``python mnist_mlp.py`` draws the same figures from real MNIST.
"""

import contextlib
import importlib
import sys
import tempfile
from pathlib import Path

from docs_tools.offline_mnist import write_offline_mnist

HERE = Path(__file__).resolve().parent
EPOCHS, BATCH_SIZE, SEED = 3, 16, 0


def import_mnist_mlp():
    """Import this folder's mnist_mlp (and its utils), whatever another chapter put in sys.modules."""
    saved = {name: sys.modules.pop(name) for name in ("utils", "mnist_mlp") if name in sys.modules}
    sys.path.insert(0, str(HERE))
    try:
        return importlib.import_module("mnist_mlp")
    finally:
        sys.path.remove(str(HERE))
        for name in ("utils", "mnist_mlp"):
            sys.modules.pop(name, None)
        sys.modules.update(saved)


def figures():
    mnist_mlp = import_mnist_mlp()
    with tempfile.TemporaryDirectory() as workdir, contextlib.chdir(workdir):
        write_offline_mnist(Path(workdir) / "mnist_data")
        run = mnist_mlp.main(epochs=EPOCHS, batch_size=BATCH_SIZE, seed=SEED, log_every=0)
    names = {"samples": "mnist_samples", "curve": "mnist_train_loss", "predictions": "mnist_predictions"}
    return {names[key]: fig for key, fig in run["figures"].items()}
