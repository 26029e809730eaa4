"""The figures that mnist_mlp.py draws, on the offline digits (scikit-learn's scans in MNIST's layout).

The run is the one the test makes: 3 epochs, batch size 16, seed 0, one CPU thread.
With internet, ``python mnist_mlp.py`` draws the same figures from real MNIST.
"""

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
    with tempfile.TemporaryDirectory() as root:
        write_offline_mnist(root)
        run = mnist_mlp.main(root, download=False, epochs=EPOCHS, batch_size=BATCH_SIZE, seed=SEED, log_every=0)
    names = {"samples": "mnist_samples", "curve": "mnist_train_loss", "predictions": "mnist_predictions"}
    return {names[key]: fig for key, fig in run["figures"].items()}
