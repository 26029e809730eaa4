"""The notes' multi-class logistic regression as written, for the erratum.

Unscaled torch.randn weights and a ReLU on the logits: the test shows it
stalls and the figure (fig_logreg.py) draws its loss beside the fix in
gradients_logreg.py.
"""

import torch

import gradients_logreg as logreg


def notes_weights():
    """The notes' initialization: torch.randn, unscaled."""
    return [torch.randn(200, 784, requires_grad=True), torch.zeros(200, requires_grad=True),
            torch.randn(200, 200, requires_grad=True), torch.zeros(200, requires_grad=True),
            torch.randn(10, 200, requires_grad=True), torch.zeros(10, requires_grad=True)]


def notes_forward(x, params):
    """The notes' forward: ReLU on the last layer too."""
    return torch.relu(logreg.forward(x, params))
