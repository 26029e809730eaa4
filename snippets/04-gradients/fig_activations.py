"""Sigmoid, tanh and ReLU with their derivatives: the formula (line) and autograd (dots) agree."""

import matplotlib.pyplot as plt
import torch

ACTIVATIONS = {
    "sigmoid": (torch.sigmoid, lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x)),
                r"$\sigma(x) = 1 / (1 + e^{-x})$", r"$\sigma'(x) = \sigma(x)(1-\sigma(x))$"),
    "tanh": (torch.tanh, lambda x: 1 - torch.tanh(x) ** 2,
             r"$\tanh(x)$", r"$\tanh'(x) = 1-\tanh^2(x)$"),
    "relu": (torch.relu, lambda x: (x > 0).float(),
             r"$\mathrm{ReLU}(x) = \max(0, x)$", r"$\mathrm{ReLU}'(x)$: 0 if $x<0$, 1 if $x>0$"),
}


def draw(name):
    fn, derivative, f_label, d_label = ACTIVATIONS[name]
    x = torch.linspace(-6, 6, 601)
    dots = torch.linspace(-6, 6, 25).requires_grad_()
    fn(dots).sum().backward()
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.plot(x.numpy(), fn(x).numpy(), color="tab:blue", lw=2, label=f_label)
    ax.plot(x.numpy(), derivative(x).numpy(), color="tab:orange", lw=2, ls="--", label=d_label)
    ax.plot(dots.detach().numpy(), dots.grad.numpy(), "o", color="tab:orange", ms=4, label="autograd")
    ax.axhline(0, color="gray", lw=0.6)
    ax.axvline(0, color="gray", lw=0.6)
    ax.set_xlabel("x")
    ax.set_title(name)
    ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig


def figures():
    return {name: draw(name) for name in ACTIVATIONS}
