"""Training loss of the notes' MLP ("logistic regression": randn weights, ReLU on the logits) and of the fixed one.

Both train on the offline digits (scikit-learn's scans in MNIST layout) with the
same data, learning rate, batches and epochs (gradients_logreg's defaults). The
digits are written into ./mnist_data of a temporary working directory, where the
page's load_data() reads them; the directory and the previous working directory
are restored afterwards, so nothing is left in the checkout.
"""

import math

import matplotlib.pyplot as plt
import torch

import gradients_logreg as logreg
from logreg_notes_original import notes_forward, notes_weights
from docs_tools.reader.offline_mnist import offline_mnist_folder


def figures():
    return {"logreg_loss": draw()}


def draw():
    with offline_mnist_folder():
        train_loader, test_loader = logreg.load_data()
    # the data sets are in memory now
    torch.manual_seed(0)
    params = notes_weights()
    notes_loss = logreg.train(params, train_loader, forward=notes_forward)
    notes_acc = logreg.evaluate(params, test_loader, forward=notes_forward)
    torch.manual_seed(0)
    params = logreg.init_weights()
    fixed_loss = logreg.train(params, train_loader)
    fixed_acc = logreg.evaluate(params, test_loader)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(notes_loss, color="tab:red", label=f"notes: randn + ReLU on logits (test acc {notes_acc:.2f})")
    ax.plot(fixed_loss, color="tab:green", label=f"fixed: kaiming_normal_, raw logits (test acc {fixed_acc:.2f})")
    ax.axhline(math.log(10), color="gray", ls=":", label=r"$\ln 10$: uniform guess over 10 classes")
    ax.set_title("on the offline stand-in (scikit-learn's digits in MNIST's layout), not on MNIST", fontsize=10)
    ax.set_yscale("log")
    ax.set_xlabel("step (batch of 32)")
    ax.set_ylabel("cross-entropy loss (log scale)")
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig
