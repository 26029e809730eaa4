"""The helpers that the notes' MNIST program imports: ``from utils import plot_image, plot_curve, one_hot``.

Each plotting helper returns its matplotlib Figure (so a script can save it);
call ``plt.show()`` to see it in an interactive session.
"""

import torch
from matplotlib import pyplot as plt
from torch.nn import functional as F

MNIST_MEAN, MNIST_STD = 0.1307, 0.3081  # the values the notes pass to Normalize


def plot_curve(data):
    """Plot a list of numbers (for example the loss of every training step)."""
    fig = plt.figure()
    plt.plot(range(len(data)), data, color="blue")
    plt.legend(["value"], loc="upper right")
    plt.xlabel("step")
    plt.ylabel("value")
    return fig


def plot_image(img, label, name):
    """Show the first 6 images of a normalised batch ``img`` [b, 1, 28, 28] with their labels."""
    fig = plt.figure()
    for i in range(6):
        plt.subplot(2, 3, i + 1)
        # undo Normalize((0.1307,), (0.3081,)) so the digit is shown in [0, 1]
        plt.imshow(img[i][0].numpy() * MNIST_STD + MNIST_MEAN, cmap="gray", interpolation="none")
        plt.title("{}: {}".format(name, label[i].item()))
        plt.xticks([])
        plt.yticks([])
    plt.tight_layout()
    return fig


def one_hot(label, depth=10):
    """Class indices [b] -> float one-hot rows [b, depth] (the MSE targets)."""
    return F.one_hot(label, num_classes=depth).float()
