"""The sigmoid and its derivative: outside about [-4, 4] the value saturates (0 or 1) and the gradient is near 0."""

import matplotlib.pyplot as plt
import torch


def figures():
    x = torch.linspace(-8, 8, 401, requires_grad=True)
    y = torch.sigmoid(x)
    y.sum().backward()
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(x.detach(), y.detach(), label=r"$\sigma(x)$")
    ax.plot(x.detach(), x.grad, "--", label=r"$\sigma'(x) = \sigma(x)\,(1-\sigma(x))$ (autograd)")
    for side in (-1, 1):
        ax.axvspan(4 * side, 8 * side, color="grey", alpha=0.15)
    ax.text(-6, 0.55, "value near 0\ngradient near 0", ha="center")
    ax.text(6, 0.55, "value near 1\ngradient near 0", ha="center")
    ax.set_xlim(-8, 8)
    ax.set_xlabel("x")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    return {"sigmoid_saturation": fig}
