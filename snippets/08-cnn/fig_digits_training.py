"""Loss and accuracy per epoch of ch08_digits_cnn.train() on the offline handwritten digits.

Data: scikit-learn's handwritten digits written as MNIST files by
docs_tools/reader/offline_mnist.py (1,438 training images, 359 held-out test images)
into ./mnist_data of a temporary working directory, where the program's
datasets.MNIST("mnist_data", download=True) finds them. Same seed and settings
as the chapter's test, on one thread.
"""

import matplotlib.pyplot as plt

import ch08_digits_cnn
from docs_tools.reader.offline_mnist import offline_mnist_folder


def _plot(history, keys, ylabel, title):
    fig, ax = plt.subplots(figsize=(6, 3.6))
    epochs = range(1, len(history[keys[0]]) + 1)
    labels = ("train (1,438 stand-in images)", "test (359 held-out stand-in images)")
    for key, label, style in zip(keys, labels, ("o-", "s--")):
        ax.plot(epochs, history[key], style, label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_xticks(list(epochs))
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


def _train_offline():
    with offline_mnist_folder():
        _, history = ch08_digits_cnn.train(epochs=6, log=lambda line: None)
    return history


def figures():
    history = _train_offline()
    loss = _plot(history, ("train_loss", "test_loss"), "cross-entropy loss", "LeNet-5 on the offline stand-in digits: loss")
    accuracy = _plot(history, ("train_acc", "test_acc"), "accuracy", "LeNet-5 on the offline stand-in digits: accuracy")
    accuracy.axes[0].legend(loc="lower right")
    return {"digits_loss": loss, "digits_accuracy": accuracy}
