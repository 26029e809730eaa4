"""The figures that mnist_mlp.py draws, on the offline stand-in for MNIST (scikit-learn's scans in MNIST's layout).

The run is the one the test makes: 3 epochs, batch size 16, seed 0, one CPU thread.
mnist_mlp.py reads ``datasets.MNIST("mnist_data", download=True)`` from the working
directory, so the run happens in a temporary directory holding the stand-in under
./mnist_data; nothing is written into the checkout. With internet,
``python mnist_mlp.py`` draws the same figures from real MNIST.
"""

import mnist_mlp  # this folder's, and its utils: each figure script runs in a fresh process
from docs_tools.reader.offline_mnist import offline_mnist_folder

EPOCHS, BATCH_SIZE, SEED = 3, 16, 0


def figures():
    with offline_mnist_folder():
        run = mnist_mlp.main(epochs=EPOCHS, batch_size=BATCH_SIZE, seed=SEED, log_every=0)
    names = {"samples": "mnist_samples", "curve": "mnist_train_loss", "predictions": "mnist_predictions"}
    return {names[key]: fig for key, fig in run["figures"].items()}
